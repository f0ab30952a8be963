from django.shortcuts import redirect, render


def home(request):
    """Signed-in users land on their start page; visitors see the platform's front page."""
    if request.user.is_authenticated and request.user.is_coordinator:
        return redirect("frameworks:list")
    return render(request, "core/home.html")
