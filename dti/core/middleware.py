from django.conf import settings
from django.utils import translation


class VietnameseFirstLocaleMiddleware:
    """Show Vietnamese unless the user chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: a civil
    servant on an English-language browser still gets the Vietnamese interface by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.activate(previous)  # leave the thread as it was found
        response.headers.setdefault("Content-Language", language)
        return response
