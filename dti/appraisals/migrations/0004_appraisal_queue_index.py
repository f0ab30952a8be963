"""Every appraisal has its campaign and indicator (0003); the queue counts from one index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("appraisals", "0003_appraisal_campaign_and_indicator")]

    operations = [
        migrations.AlterField(
            model_name="appraisal",
            name="campaign",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="campaigns.campaign",
            ),
        ),
        migrations.AlterField(
            model_name="appraisal",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="frameworks.indicator",
            ),
        ),
        migrations.AddIndex(
            model_name="appraisal",
            index=models.Index(
                fields=["campaign", "round", "indicator", "decision"], name="appraisal_queue"
            ),
        ),
    ]
