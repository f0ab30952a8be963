from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from .models import Job, JobStatus
from .services import open_result


def _own_job(request, pk) -> Job:
    """A job is visible to the user who started it only."""
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk:
        raise Http404
    return job


@login_required
def job_detail(request, pk):
    """The job's page: a progress bar that follows the work, then the download."""
    job = _own_job(request, pk)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
def job_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "progress": job.progress,
            "message": job.message,
            "done": job.status == JobStatus.DONE,
            "failed": job.status == JobStatus.FAILED,
        }
    )


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE:
        raise Http404
    return FileResponse(
        open_result(job),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_content_type,
    )
