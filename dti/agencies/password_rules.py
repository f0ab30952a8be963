"""Password rules whose messages Django's own Vietnamese catalogue lacks.

Django 5.2 reworded the "too short" message and its Vietnamese catalogue has no translation of
the new text, so a Vietnamese user was told in English. The rule is Django's; only the message
is ours, so that it is extracted into and translated in our catalogue.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoRule
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoRule):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
