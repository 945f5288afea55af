"""Builders for catalogue tests: services written through the same service layer as imports."""

from decimal import Decimal

from catalogue.services import ServiceData, ServiceTexts, service_upsert


def service_data(code="LIC-901", department="licensing", channels=("counter", "website"), **overrides) -> ServiceData:
    data = ServiceData(
        code=code,
        department=department,
        channels=list(channels),
        audiences=overrides.pop("audiences", ["businesses"]),
        fee_aed=Decimal(overrides.pop("fee_aed", "150")),
        e_payment=overrides.pop("e_payment", True),
        uae_pass=overrides.pop("uae_pass", True),
        status=overrides.pop("status", "published"),
        ar=ServiceTexts(
            title=overrides.pop("title_ar", f"خدمة تجريبية {code}"),
            summary="ملخص الخدمة التجريبية.",
            description="<p>وصف الخدمة التجريبية.</p>",
            processing_time="يوم عمل واحد",
            documents=["صورة الهوية"],
            steps=["تقديم الطلب", "استلام النتيجة"],
            keywords=["تجربة"],
        ),
        en=ServiceTexts(
            title=overrides.pop("title_en", f"Test service {code}"),
            summary="A test service.",
            description="<p>Test service description.</p>",
            processing_time="1 working day",
            documents=["ID copy"],
            steps=["Apply", "Receive the result"],
            keywords=["trial"],
        ),
    )
    assert not overrides, f"unknown overrides {overrides}"
    return data


def make_service(**kwargs):
    data = service_data(**kwargs)
    service_upsert(data=data)
    return data
