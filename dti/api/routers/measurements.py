"""Automatic measurement: a client writes the measured inputs of an agency's indicator."""

from ninja import Router

from ..auth import client_token
from ..schemas import ErrorOut, MeasurementIn, MeasurementOut
from ..selectors import decimal_text
from ..services import Measurement, StoredMeasurement, put_measurement
from .params import AgencyCode, IndicatorCode, ObjectId

router = Router(tags=["measurements"])


@router.put(
    "/{campaign_id}/{agency_code}/{indicator_code}",
    auth=client_token,
    response={
        200: MeasurementOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Store the measured inputs of an automatically measured indicator",
    description=(
        "Replaces the agency's inputs of the indicator with `values` and records where and "
        "when they were measured. Idempotent: sending the same body again changes nothing and "
        "answers the same. Refused with 403 when the indicator is self-reported or outside the "
        "client's indicators or agencies, 404 when the campaign, agency, assessment or indicator "
        "does not exist, 409 when the assessment cannot be changed now (not in the "
        "self-assessment phase, deadline passed, submitted), 422 when a value is not valid "
        "(every problem is named by its field; nothing is stored)."
    ),
)
def put_indicator_measurement(
    request,
    campaign_id: ObjectId,
    agency_code: AgencyCode,
    indicator_code: IndicatorCode,
    body: MeasurementIn,
):
    stored = put_measurement(
        request.auth,
        campaign_id=campaign_id,
        agency_code=agency_code,
        indicator_code=indicator_code,
        measurement=Measurement(
            values=body.values, source=body.source, measured_at=body.measured_at
        ),
    )
    return _body(campaign_id, stored)


def _body(campaign_id: int, stored: StoredMeasurement) -> dict:
    response, score = stored.response, stored.score
    assessment = response.assessment
    return {
        "campaign_id": campaign_id,
        "agency_code": assessment.agency.code,
        "indicator_code": response.indicator.code,
        "values": response.values,
        "status": score.status,
        "points": decimal_text(score.points),
        "max_points": decimal_text(score.max_points),
        "source": response.source,
        "measured_at": response.measured_at,
        "assessment": {
            "self_points": decimal_text(assessment.self_points or 0),
            "self_max_points": decimal_text(assessment.self_max_points or 0),
            "self_dti_value": (
                decimal_text(assessment.self_dti_value, 4)
                if assessment.self_dti_value is not None
                else None
            ),
            "answered_count": assessment.answered_count,
            "applicable_count": assessment.applicable_count,
        },
    }
