"""Each appraisal carries its campaign and indicator (copied from its assessment and response),
filled in for the appraisals that exist. Made required in the next migration: on PostgreSQL a
column cannot be altered in the transaction that has just updated it."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_campaign_and_indicator(apps, schema_editor):
    Appraisal = apps.get_model("appraisals", "Appraisal")
    Assessment = apps.get_model("assessments", "Assessment")
    Response = apps.get_model("assessments", "Response")
    Appraisal.objects.update(
        campaign_id=Subquery(
            Assessment.objects.filter(pk=OuterRef("assessment_id")).values("campaign_id")[:1]
        ),
        indicator_id=Subquery(
            Response.objects.filter(pk=OuterRef("response_id")).values("indicator_id")[:1]
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("appraisals", "0002_council_opinion_per_reopening"),
        ("assessments", "0002_initial"),
        ("campaigns", "0001_initial"),
        ("frameworks", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="appraisal",
            name="campaign",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="campaigns.campaign",
            ),
        ),
        migrations.AddField(
            model_name="appraisal",
            name="indicator",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="frameworks.indicator",
            ),
        ),
        migrations.RunPython(copy_campaign_and_indicator, migrations.RunPython.noop),
    ]
