"""Demo content: one published alert for the whole site, so the banner and the feed show one."""

from status.models import Alert

DEMO_CODE = "welcome-live-status"


def status_seed_demo(*, stdout=None) -> int:
    if Alert.objects.filter(code=DEMO_CODE).exists():
        return 0
    alert = Alert(
        code=DEMO_CODE,
        level=Alert.Level.INFO,
        scope_type=Alert.Scope.SITE,
        title_ar="تعرض صفحات الخدمات الآن حالة المنافذ والقنوات مباشرة",
        title_en="Service pages now show the live status of outlets and channels",
        body_ar="<p>تحقق من حالة المنفذ قبل زيارتك.</p>",
        body_en="<p>Check an outlet's status before you visit.</p>",
        live=False,
    )
    alert.save()
    alert.save_revision().publish()
    return 1
