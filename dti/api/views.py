"""The coordinator's pages for API clients: list, create (the token is shown once), revoke.

The new token travels from the create action to the page that shows it through the session,
which gives it up on the first showing; that page is never cached.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dti.agencies.permissions import permission_required

from .forms import ApiClientForm, RevokeForm
from .models import ApiClient
from .services import ClientProblems, create_client, revoke_client

ONE_TIME_TOKEN_KEY = "api_client_one_time_token"


@permission_required("apiclient.manage")
@require_GET
def client_list(request):
    clients = ApiClient.objects.select_related("created_by", "revoked_by").prefetch_related(
        "indicators__framework", "agencies"
    )
    return render(
        request, "api/client_list.html", {"clients": clients, "revoke_form": RevokeForm()}
    )


@permission_required("apiclient.manage")
@require_http_methods(["GET", "POST"])
def client_create(request):
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = create_client(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                indicators=form.cleaned_data["indicators"],
                agencies=form.cleaned_data["agencies"],
                by=request.user,
            )
        except ClientProblems as error:
            for field, reasons in error.problems.items():
                form.add_error(field if field in form.fields else None, reasons)
        else:
            request.session[ONE_TIME_TOKEN_KEY] = {
                "client": created.client.pk,
                "token": created.token,
            }
            return redirect("api_clients:token", pk=created.client.pk)
    return render(request, "api/client_create.html", {"form": form})


@permission_required("apiclient.manage")
@require_GET
@never_cache
def client_token(request, pk):
    client = get_object_or_404(ApiClient, pk=pk)
    kept = request.session.get(ONE_TIME_TOKEN_KEY)
    token = None
    if kept and kept["client"] == client.pk:
        token = kept["token"]
        del request.session[ONE_TIME_TOKEN_KEY]
    return render(request, "api/client_token.html", {"client": client, "token": token})


@permission_required("apiclient.manage")
@require_POST
def client_revoke(request, pk):
    client = get_object_or_404(ApiClient, pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("api_clients:list")
    try:
        revoke_client(client, request.user, form.cleaned_data["reason"])
    except ClientProblems as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The token of %(name)s is revoked: it no longer works.") % {"name": client.name},
        )
    return redirect("api_clients:list")
