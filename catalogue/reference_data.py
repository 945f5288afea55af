"""Reference codes of docs/CONTRACTS.md §1, department editor groups and the approval workflow.

Called by ``manage.py bootstrap``; every step creates only what is missing.
"""

import datetime as dt

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupApprovalTask, GroupPagePermission, Locale, Page, Workflow, WorkflowPage, WorkflowTask

from catalogue.models import (
    Audience,
    CatalogueIndexPage,
    Channel,
    Department,
    DepartmentPage,
    OpeningHours,
    Outlet,
    SpecialPeriod,
)

CHANNELS = [
    ("counter", "in-person", "كاونترات تقديم الخدمة", "Service counters"),
    ("mall-centre", "in-person", "مركز الخدمات الذكي في الفجيرة مول", "Fujairah Mall smart service centre"),
    ("kiosk", "self-service", "أجهزة الخدمة الذاتية", "Self-service kiosks"),
    ("dreesha", "drive-through", "نافذة الخدمة السريعة «دريشة»", "Dreesha fast-service window"),
    ("website", "online", "الموقع الإلكتروني", "Website"),
    ("app-smart-fujairah", "smart-app", "تطبيق سمارت فجيرة", "Smart Fujairah app"),
    ("app-rukhsati", "smart-app", "تطبيق رخصتي", "Rukhsati app"),
    ("call-centre", "remote", "مركز الاتصال", "Call centre"),
    ("chat", "remote", "الدردشة المباشرة", "Live chat"),
    ("email", "remote", "البريد الإلكتروني", "Email"),
    ("service-bus", "mobile", "حافلة «تحت أمرك»", '"At Your Service" mobile bus'),
]
DEPARTMENTS = [
    ("licensing", "إدارة الرخص التجارية", "Commercial Licensing"),
    ("leasing", "قسم عقود الإيجار", "Lease Contracts"),
    ("consumer-protection", "قسم حماية المستهلك", "Consumer Protection"),
    ("public-health", "إدارة الصحة العامة", "Public Health"),
    ("buildings", "إدارة المباني والتخطيط", "Buildings and Planning"),
    ("environment", "إدارة البيئة والزراعة", "Environment and Agriculture"),
    ("customer-happiness", "إدارة إسعاد المتعاملين", "Customer Happiness"),
]
AUDIENCES = [
    ("individuals", "أفراد", "Individuals"),
    ("businesses", "مؤسسات وشركات", "Businesses"),
    ("elderly", "كبار المواطنين", "Senior citizens"),
    ("people-of-determination", "أصحاب الهمم", "People of determination"),
]
T = dt.time
# Sunday–Thursday working week (weekday numbers: Monday = 0).
WORKING_DAYS = [6, 0, 1, 2, 3]
OUTLETS = [
    # code, channel, ar, en, address ar, address en, lat, lon, phone, priority, hours (open, close), friday (open, close)
    (
        "main-building",
        "counter",
        "المبنى الرئيسي لبلدية الفجيرة",
        "Fujairah Municipality main building",
        "شارع حمد بن عبدالله، الفجيرة",
        "Hamad Bin Abdullah Road, Fujairah",
        "25.128800",
        "56.326500",
        "+97192011111",
        True,
        (T(7, 30), T(15, 30)),
        None,
    ),
    (
        "branch-dibba",
        "counter",
        "فرع دبا الفجيرة",
        "Dibba Al Fujairah branch",
        "دبا الفجيرة",
        "Dibba Al Fujairah",
        "25.592500",
        "56.261700",
        "+97192011112",
        True,
        (T(7, 30), T(14, 30)),
        None,
    ),
    (
        "branch-masafi",
        "counter",
        "فرع مسافي",
        "Masafi branch",
        "مسافي",
        "Masafi",
        "25.321900",
        "56.163300",
        "+97192011113",
        True,
        (T(7, 30), T(14, 30)),
        None,
    ),
    (
        "branch-qidfa",
        "counter",
        "فرع قدفع",
        "Qidfa branch",
        "قدفع",
        "Qidfa",
        "25.296700",
        "56.360000",
        "+97192011114",
        True,
        (T(7, 30), T(14, 30)),
        None,
    ),
    (
        "fujairah-mall",
        "mall-centre",
        "مركز الخدمات الذكي - الفجيرة مول",
        "Smart service centre, Fujairah Mall",
        "الفجيرة مول، الطابق الأرضي",
        "Fujairah Mall, ground floor",
        "25.117200",
        "56.323900",
        "+97192011115",
        True,
        (T(10, 0), T(22, 0)),
        (T(14, 0), T(22, 0)),
    ),
    (
        "dreesha-masafi",
        "dreesha",
        "دريشة مسافي",
        "Dreesha window, Masafi",
        "مسافي، مقابل السوق",
        "Masafi, opposite the market",
        "25.320500",
        "56.165000",
        "+97192011116",
        False,
        (T(7, 0), T(19, 0)),
        None,
    ),
    (
        "dreesha-qidfa",
        "dreesha",
        "دريشة قدفع",
        "Dreesha window, Qidfa",
        "قدفع، الطريق الرئيسي",
        "Qidfa, main road",
        "25.297500",
        "56.358000",
        "+97192011117",
        False,
        (T(7, 0), T(19, 0)),
        None,
    ),
    (
        "kiosks",
        "kiosk",
        "أجهزة الخدمة الذاتية",
        "Self-service kiosks",
        "المبنى الرئيسي والفجيرة مول",
        "Main building and Fujairah Mall",
        "25.128800",
        "56.326500",
        "",
        False,
        (T(0, 0), T(23, 59)),
        (T(0, 0), T(23, 59)),
    ),
]
RAMADAN = ("رمضان", "Ramadan", dt.date(2027, 2, 8), dt.date(2027, 3, 9), T(9, 0), T(14, 0))

DEPARTMENT_GROUP_PREFIX = "Department editors: "
MODERATORS = "Moderators"
WORKFLOW_NAME = "Service approval"


def _outlet(row, channels, report) -> None:
    code, channel, name_ar, name_en, addr_ar, addr_en, lat, lon, phone, priority, hours, friday = row
    if Outlet.objects.filter(code=code).exists():
        return
    outlet = Outlet(
        code=code,
        channel=channels[channel],
        name_ar=name_ar,
        name_en=name_en,
        address_ar=addr_ar,
        address_en=addr_en,
        latitude=lat,
        longitude=lon,
        phone=phone,
        priority_service=priority,
    )
    days = list(range(7)) if friday else WORKING_DAYS
    outlet.opening_hours = [
        OpeningHours(
            weekday=d,
            opens=(friday if d == 4 and friday else hours)[0],
            closes=(friday if d == 4 and friday else hours)[1],
        )
        for d in days
    ]
    name_ar_r, name_en_r, start, end, opens, closes = RAMADAN
    outlet.special_periods = [
        SpecialPeriod(name_ar=name_ar_r, name_en=name_en_r, start_date=start, end_date=end, opens=opens, closes=closes)
    ]
    outlet.save()
    report.add(f"outlet {code}")


def _department_pages(report) -> None:
    for locale in Locale.objects.filter(language_code__in=["ar", "en"]).order_by("language_code"):
        index = CatalogueIndexPage.objects.filter(locale=locale).first()
        if index is None:
            continue
        for department in Department.objects.all():
            if DepartmentPage.objects.child_of(index).filter(department=department).exists():
                continue
            title = department.name_in(locale.language_code)
            source = DepartmentPage.objects.filter(department=department, locale__language_code="ar").first()
            if locale.language_code == "en" and source is not None:
                page = source.copy_for_translation(locale)
                page.title = title
                page.save_revision().publish()
            else:
                page = DepartmentPage(title=title, slug=department.code, department=department)
                index.add_child(instance=page)
                page.save_revision().publish()
            report.add(f"department page {department.code} ({locale.language_code})")


def _grant(group, permissions, report) -> None:
    missing = [p for p in permissions if not group.permissions.filter(pk=p.pk).exists()]
    if missing:
        group.permissions.add(*missing)
        report.add(f"{group.name} may {', '.join(p.codename for p in missing)}")


def _groups_and_workflow(report) -> None:
    moderators, created = Group.objects.get_or_create(name=MODERATORS)
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    if created:
        moderators.permissions.add(admin_access)
        report.add("group Moderators")
    for index in CatalogueIndexPage.objects.all():
        for perm in ("add_page", "change_page", "publish_page"):
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=perm)
            _, made = GroupPagePermission.objects.get_or_create(group=moderators, page=index, permission=permission)
            if made:
                report.add(f"Moderators may {perm} under {index.url_path}")
    spreadsheet_perms = list(
        Permission.objects.filter(
            content_type__app_label="catalogue", codename__in=["import_services", "export_services"]
        )
    )
    _grant(moderators, spreadsheet_perms, report)
    for department in Department.objects.all():
        group, created = Group.objects.get_or_create(name=DEPARTMENT_GROUP_PREFIX + department.code)
        if created:
            group.permissions.add(admin_access)
            report.add(f"group {group.name}")
        # Their own department only, and drafts only without publish rights (catalogue/views/importing.py).
        _grant(group, spreadsheet_perms, report)
        for page in DepartmentPage.objects.filter(department=department):
            # Add and edit, but not publish: department editors' changes go through approval.
            for perm in ("add_page", "change_page"):
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=perm)
                _, made = GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
                if made:
                    report.add(f"{group.name} may {perm} under {page.url_path}")
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        task = GroupApprovalTask.objects.create(name="Moderator approval")
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        report.add(f"workflow {WORKFLOW_NAME}")
    for index in CatalogueIndexPage.objects.all():
        _, made = WorkflowPage.objects.get_or_create(
            page=Page.objects.get(pk=index.pk), defaults={"workflow": workflow}
        )
        if made:
            report.add(f"workflow on {index.url_path}")


def reference_data_bootstrap(*, report) -> None:
    """Create the channels, departments, audiences, outlets, department pages and groups."""
    for position, (code, type_, ar, en) in enumerate(CHANNELS):
        _, created = Channel.objects.get_or_create(
            code=code, defaults={"type": type_, "name_ar": ar, "name_en": en, "sort_order": position}
        )
        if created:
            report.add(f"channel {code}")
    for model, rows in ((Department, DEPARTMENTS), (Audience, AUDIENCES)):
        for code, ar, en in rows:
            _, created = model.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_en": en})
            if created:
                report.add(f"{model._meta.model_name} {code}")
    channels = {c.code: c for c in Channel.objects.all()}
    for row in OUTLETS:
        _outlet(row, channels, report)
    _department_pages(report)
    _groups_and_workflow(report)
    _reference_publications(report)


def _reference_publications(report) -> None:
    """Publish the reference data to the feed; also repairs databases made before it travelled."""
    from catalogue.representations import AUDIENCE_TYPE, CHANNEL_TYPE, DEPARTMENT_TYPE, OUTLET_TYPE
    from publication.services import publication_rebuild

    for type_name in (DEPARTMENT_TYPE, CHANNEL_TYPE, AUDIENCE_TYPE, OUTLET_TYPE):
        changes = publication_rebuild(type_name=type_name)
        if changes:
            report.add(f"{changes} {type_name} publications")
