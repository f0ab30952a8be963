"""Start-up checks of the reports: the PDF scorecard's font files must be where the settings say.

Without them WeasyPrint renders the scorecards in a fallback font, which may lack Vietnamese
glyphs, and nothing fails; so ``manage.py check`` (and every command that runs the checks, such as
``migrate`` and ``runserver``) refuses to go on.
"""

from django.core.checks import Error, register

from .scorecard import font_dir, missing_font_files


@register()
def check_report_fonts(app_configs=None, **kwargs) -> list[Error]:
    folder = font_dir()
    return [
        Error(
            f"The PDF scorecard's font file {path} does not exist.",
            hint=(
                "Install the Debian package fonts-dejavu-core, or set REPORT_FONT_DIR to the "
                "folder that holds DejaVuSans.ttf and DejaVuSans-Bold.ttf."
            ),
            obj="REPORT_FONT_DIR",
            id="dti.reports.E001",
        )
        for path in missing_font_files(folder)
    ]
