from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dti.agencies.permissions import can, permission_required

from .models import Job, JobStatus
from .selectors import job_list_page, kind_label
from .services import open_result


def _visible_job(request, pk) -> Job:
    """A job is visible to the user who started it, and to those who follow every job (the
    coordinator: jobs started by the scheduler have nobody else)."""
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not can(request.user, "job.view"):
        raise Http404
    return job


@permission_required("job.view")
@require_GET
def job_list(request):
    """Every background job, newest first: started from a page or by the scheduler."""
    return render(request, "jobs/list.html", {"page": job_list_page(request.GET.get("page"))})


@login_required
def job_detail(request, pk):
    """The job's page: a progress bar that follows the work, then the download."""
    job = _visible_job(request, pk)
    return render(
        request,
        "jobs/detail.html",
        {"job": job, "label": kind_label(job.kind), "list_link": can(request.user, "job.view")},
    )


@login_required
def job_status(request, pk):
    job = _visible_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "progress": job.progress,
            "message": job.message,
            "done": job.status == JobStatus.DONE,
            "failed": job.status == JobStatus.FAILED,
            "file": job.result_name,
        }
    )


@login_required
def job_download(request, pk):
    job = _visible_job(request, pk)
    if job.status != JobStatus.DONE:
        raise Http404
    return FileResponse(
        open_result(job),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_content_type,
    )
