"""Demo data for `make demo`: shipped frameworks and agencies, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from dti.agencies.importing import import_agencies_path
from dti.agencies.models import Agency, Role, User
from dti.agencies.services import create_account
from dti.frameworks.files import read_framework_path
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework

DATA_DIR = settings.BASE_DIR / "frameworks"
DEMO_PASSWORD = "dti-demo-2025"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency_code: str | None
    full_name: str


DEMO_ACCOUNTS = (
    DemoAccount("dieuphoi", Role.COORDINATOR, "SKHCN", "Nguyễn Văn Điều Phối"),
    DemoAccount("canbo.syt", Role.AGENCY_STAFF, "SYT", "Trần Thị Cán Bộ"),
    DemoAccount("lanhdao.syt", Role.AGENCY_LEADER, "SYT", "Lê Văn Lãnh Đạo"),
    DemoAccount("canbo.hoankiem", Role.AGENCY_STAFF, "P-HOANKIEM", "Phạm Thị Phường"),
    DemoAccount("lanhdao.hoankiem", Role.AGENCY_LEADER, "P-HOANKIEM", "Hoàng Văn Chủ Tịch"),
    DemoAccount("thamdinh.skhcn", Role.APPRAISER, "SKHCN", "Vũ Thị Thẩm Định"),
    DemoAccount("thamdinh.vpub", Role.APPRAISER, "VPUB", "Đỗ Văn Văn Phòng"),
    DemoAccount("thamdinh.snv", Role.APPRAISER, "SNV", "Bùi Thị Nội Vụ"),
    DemoAccount("tocongtac", Role.WORKING_GROUP, "SKHCN", "Đặng Văn Tổ Công Tác"),
    DemoAccount("hoidong1", Role.COUNCIL_MEMBER, None, "Ngô Thị Hội Đồng"),
    DemoAccount("hoidong2", Role.COUNCIL_MEMBER, None, "Dương Văn Hội Đồng"),
)


def load_agency_lists() -> None:
    for path in sorted(DATA_DIR.glob("agencies-*.csv")):
        import_agencies_path(path)


def load_shipped_frameworks() -> list[str]:
    """Load every framework file not loaded yet (same code and version); return what loaded."""
    loaded = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        document = read_framework_path(path)
        exists = Framework.objects.filter(
            code=document["code"], version=document["version"]
        ).exists()
        if not exists:
            load_framework(document)
            loaded.append(f"{document['code']} v{document['version']}")
    return loaded


def ensure_demo_accounts() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        agency = Agency.objects.get(code=account.agency_code) if account.agency_code else None
        create_account(
            username=account.username,
            password=DEMO_PASSWORD,
            role=account.role,
            agency=agency,
            full_name=account.full_name,
        )
    return list(DEMO_ACCOUNTS)


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml")) + sorted(DATA_DIR.glob("agencies-*.csv"))
