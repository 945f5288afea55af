"""A second fixture catalogue: municipal and transport services, written for issue 14.

Worded the way government catalogues word them (مركبة not سيارة, "vehicle" not "car", terse
titles such as "Renew License"), so that the judgement set (tests/search/judgements.py) can ask
for them the way citizens type: extra words, the other language, broken plurals, everyday
synonyms and typos. Names and texts are ours; codes start with TRN-.
"""

from decimal import Decimal

from catalogue.services import ServiceData, ServiceTexts

_D_AR = "<p>تقدم الخدمة في مراكز خدمة المتعاملين وعبر الموقع الإلكتروني.</p>"
_D_EN = "<p>Available at customer service centres and on the website.</p>"

# code, department, (title, summary[, description]) ar, (title, summary[, description]) en
TRANSPORT = [
    # Driving licences
    (
        "TRN-001",
        "customer-happiness",
        ("إصدار رخصة قيادة", "رخصة القيادة الأولى بعد اجتياز اختبار الطريق."),
        ("Issue a driving licence", "Your first licence after passing the road test."),
    ),
    (
        "TRN-002",
        "customer-happiness",
        (
            "تجديد الرخصة",
            "تجديد الرخصة المنتهية أو التي قاربت على الانتهاء.",
            "<p>أحضر الرخصة السابقة ونتيجة فحص النظر.</p>",
        ),
        (
            "Renew License",
            "Renew a licence that has expired or is about to expire.",
            "<p>Bring the old licence and an eye test result.</p>",
        ),
    ),
    (
        "TRN-003",
        "customer-happiness",
        ("بدل فاقد أو تالف لرخصة القيادة", "نسخة جديدة من رخصة القيادة المفقودة أو التالفة."),
        ("Replace a lost or damaged driving licence", "A new copy of a lost or damaged driving licence."),
    ),
    (
        "TRN-004",
        "customer-happiness",
        ("تصريح تعلم القيادة", "فتح ملف مروري للبدء في دروس القيادة.", "<p>يصدر للمتدرب بعد فحص النظر.</p>"),
        (
            "Learning permit",
            "Open a traffic file to start driving lessons.",
            "<p>Issued to the trainee after an eye test.</p>",
        ),
    ),
    (
        "TRN-005",
        "customer-happiness",
        ("تبديل رخصة قيادة أجنبية", "استبدال رخصة صادرة من دولة أخرى برخصة محلية."),
        ("Exchange a foreign driving licence", "Swap a licence issued abroad for a local one."),
    ),
    (
        "TRN-006",
        "customer-happiness",
        ("رخصة قيادة دولية", "رخصة تسمح بالقيادة خارج الدولة."),
        ("International driving permit", "A permit to drive outside the country."),
    ),
    (
        "TRN-007",
        "customer-happiness",
        ("إضافة فئة إلى رخصة القيادة", "إضافة فئة الدراجة النارية أو المركبة الثقيلة."),
        ("Add a category to a driving licence", "Add the motorcycle or heavy vehicle category."),
    ),
    (
        "TRN-008",
        "customer-happiness",
        ("حجز اختبار القيادة على الطريق", "موعد الاختبار العملي مع الفاحص."),
        ("Book a road test", "An appointment for the practical test with an examiner."),
    ),
    (
        "TRN-009",
        "customer-happiness",
        ("فحص النظر للسائقين", "فحص البصر المطلوب للرخصة."),
        ("Eye test for drivers", "The eyesight check the licence needs."),
    ),
    (
        "TRN-010",
        "customer-happiness",
        ("شهادة بيانات رخصة القيادة", "شهادة تبين فئات الرخصة وتاريخ صلاحيتها."),
        ("Driving licence details certificate", "States the licence categories and validity."),
    ),
    # Vehicles
    (
        "TRN-011",
        "customer-happiness",
        ("تسجيل مركبة جديدة", "تسجيل المركبة لأول مرة وإصدار بطاقة الملكية واللوحات."),
        ("Register a new vehicle", "First registration, ownership card and number plates."),
    ),
    (
        "TRN-012",
        "customer-happiness",
        ("تجديد ملكية مركبة", "تجديد بطاقة تسجيل المركبة سنوياً بعد الفحص الفني."),
        ("Renew vehicle registration", "Renew the yearly registration card after the technical inspection."),
    ),
    (
        "TRN-013",
        "customer-happiness",
        ("نقل ملكية مركبة", "نقل المركبة من البائع إلى المشتري."),
        ("Transfer vehicle ownership", "Move a vehicle from the seller to the buyer."),
    ),
    (
        "TRN-014",
        "customer-happiness",
        ("الفحص الفني للمركبات", "فحص السلامة الدوري في مراكز الفحص المعتمدة."),
        ("Vehicle technical inspection", "The periodic safety check at approved testing centres."),
    ),
    (
        "TRN-015",
        "customer-happiness",
        ("شطب تسجيل مركبة", "إلغاء تسجيل المركبة قبل تصديرها أو إتلافها."),
        ("Deregister a vehicle", "Remove a vehicle from the register before export or write-off."),
    ),
    (
        "TRN-016",
        "customer-happiness",
        ("شهادة تصدير مركبة", "شهادة لشحن المركبة خارج الدولة."),
        ("Vehicle export certificate", "A certificate to ship a vehicle abroad."),
    ),
    (
        "TRN-017",
        "customer-happiness",
        ("بدل فاقد لبطاقة الملكية", "بطاقة تسجيل بدل المفقودة."),
        ("Replace a lost registration card", "A new ownership card for a lost one."),
    ),
    (
        "TRN-018",
        "customer-happiness",
        ("تغيير لون المركبة", "تعديل اللون المسجل في بطاقة الملكية."),
        ("Change vehicle colour", "Update the colour on the registration card."),
    ),
    (
        "TRN-019",
        "customer-happiness",
        ("تسجيل دراجة نارية", "تسجيل الدراجة النارية وإصدار لوحتها."),
        ("Register a motorcycle", "Registration and plate for a motorcycle."),
    ),
    (
        "TRN-020",
        "customer-happiness",
        ("شهادة حيازة مركبة", "شهادة تثبت حيازة المركبة لجهة حكومية."),
        ("Vehicle possession certificate", "Proves who holds a vehicle, for a government body."),
    ),
    (
        "TRN-021",
        "customer-happiness",
        ("تصريح تظليل زجاج المركبة", "تصريح بنسبة تظليل أعلى لأسباب صحية."),
        ("Window tint permit", "A higher tint level for medical reasons."),
    ),
    (
        "TRN-022",
        "customer-happiness",
        ("الإفراج عن مركبة محجوزة", "استلام المركبة بعد انتهاء مدة الحجز وسداد الرسوم."),
        ("Release an impounded vehicle", "Collect a vehicle after the impound period and fees."),
    ),
    (
        "TRN-023",
        "customer-happiness",
        ("تسجيل مركبة ثقيلة", "تسجيل الشاحنات والمعدات الثقيلة."),
        ("Heavy vehicle registration", "Register trucks and heavy equipment."),
    ),
    (
        "TRN-024",
        "customer-happiness",
        ("اعتماد تعديل مواصفات المركبة", "الموافقة على تعديل المحرك أو الهيكل."),
        ("Vehicle modification approval", "Approval to change the engine or body."),
    ),
    # Number plates
    (
        "TRN-025",
        "customer-happiness",
        ("اللوحات المميزة", "شراء رقم مميز لمركبتك.", "<p>أرقام من خانة إلى خمس خانات.</p>"),
        ("Distinguished plates", "Buy a special number for your vehicle.", "<p>Numbers of one to five digits.</p>"),
    ),
    (
        "TRN-026",
        "customer-happiness",
        ("مزاد الأرقام المميزة", "المزايدة على رقم لوحة مميز.", "<p>يعلن عن المزاد قبل موعده بأسبوعين.</p>"),
        (
            "Distinguished number auction",
            "Bid for a special number.",
            "<p>Each auction is announced two weeks ahead.</p>",
        ),
    ),
    (
        "TRN-027",
        "customer-happiness",
        ("استبدال لوحة مركبة تالفة", "لوحة جديدة بدل التالفة أو المفقودة."),
        ("Replace a damaged number plate", "A new plate for a damaged or lost one."),
    ),
    (
        "TRN-028",
        "customer-happiness",
        ("نقل رقم لوحة بين المركبات", "نقل الرقم من مركبة إلى أخرى للمالك نفسه."),
        ("Move a plate number to another vehicle", "Keep your number when you change vehicles."),
    ),
    (
        "TRN-029",
        "customer-happiness",
        ("لوحة مؤقتة للتصدير", "لوحة صالحة حتى مغادرة المركبة الدولة."),
        ("Temporary export plate", "Valid until the vehicle leaves the country."),
    ),
    (
        "TRN-030",
        "customer-happiness",
        ("حجز رقم لوحة", "اختيار الرقم قبل تسجيل المركبة."),
        ("Reserve a plate number", "Choose the number before registering."),
    ),
    # Parking
    (
        "TRN-031",
        "customer-happiness",
        ("تصريح موقف للسكان", "موقف مخصص لسكان الحي أمام المنزل."),
        ("Residential parking permit", "A space reserved for residents near their home."),
    ),
    (
        "TRN-032",
        "customer-happiness",
        ("اشتراك المواقف العامة", "اشتراك شهري أو سنوي في المواقف المدفوعة."),
        ("Public parking subscription", "A monthly or yearly paid parking pass."),
    ),
    (
        "TRN-033",
        "customer-happiness",
        ("تصريح موقف لأصحاب الهمم", "بطاقة الوقوف في المواقف المخصصة لأصحاب الهمم."),
        ("Parking permit for people of determination", "Use the bays reserved for people of determination."),
    ),
    (
        "TRN-034",
        "customer-happiness",
        ("حجز مواقف لفعالية", "تخصيص مواقف عامة لضيوف فعالية."),
        ("Reserve parking spaces for an event", "Public spaces set aside for an event's guests."),
    ),
    (
        "TRN-035",
        "customer-happiness",
        ("الاعتراض على مخالفة موقف", "تقديم اعتراض على مخالفة وقوف."),
        ("Appeal a parking fine", "Object to a parking ticket."),
    ),
    (
        "TRN-036",
        "customer-happiness",
        ("دفع المخالفات المرورية", "سداد المخالفات المسجلة على المركبة أو السائق."),
        ("Pay traffic fines", "Pay the fines on a vehicle or driver."),
    ),
    (
        "TRN-037",
        "customer-happiness",
        ("تصريح مبيت الشاحنات", "وقوف الشاحنات ليلاً في الساحات المخصصة."),
        ("Truck overnight parking permit", "Park trucks overnight in designated yards."),
    ),
    # Roads
    (
        "TRN-038",
        "buildings",
        ("تصريح حفر في الطريق العام", "حفر لتمديد الخدمات في الطريق أو الرصيف."),
        ("Road excavation permit", "Digging in a road or pavement to lay utilities."),
    ),
    (
        "TRN-039",
        "buildings",
        ("تصريح إغلاق طريق مؤقت", "إغلاق جزئي أو كلي لطريق لمدة محددة."),
        ("Temporary road closure permit", "Close a road fully or partly for a set time."),
    ),
    (
        "TRN-040",
        "buildings",
        ("تصريح عبور المركبات الثقيلة", "عبور الحمولات الكبيرة على الطرق الداخلية."),
        ("Oversize load movement permit", "Move large loads on inner roads."),
    ),
    (
        "TRN-041",
        "buildings",
        ("طلب مطب صناعي", "تهدئة السرعة في الأحياء السكنية."),
        ("Request a speed hump", "Traffic calming in residential areas."),
    ),
    (
        "TRN-042",
        "buildings",
        ("بلاغ عن حفرة في الطريق", "الإبلاغ عن تلف في سطح الطريق."),
        ("Report a pothole", "Report damage to the road surface."),
    ),
    (
        "TRN-043",
        "buildings",
        ("طلب إنارة شارع", "تركيب أو إصلاح أعمدة الإنارة."),
        ("Street lighting request", "Install or repair street lamps."),
    ),
    (
        "TRN-044",
        "buildings",
        ("تصريح لافتة إرشادية على الطريق", "لافتة توجيه إلى منشأة."),
        ("Road direction sign permit", "A sign pointing to a facility."),
    ),
    (
        "TRN-045",
        "buildings",
        ("تصريح مدخل مركبات للعقار", "فتح مدخل من الشارع إلى العقار عبر الرصيف."),
        ("Driveway access permit", "Cut the curb to reach a property from the street."),
    ),
    (
        "TRN-046",
        "buildings",
        ("شهادة عدم ممانعة لأعمال الطرق", "موافقة البلدية قبل أعمال المقاولين في الطرق."),
        ("No objection certificate for road works", "The municipality's consent before contractors work on roads."),
    ),
    # Buildings
    (
        "TRN-047",
        "buildings",
        ("تصريح ترميم مبنى", "صيانة وترميم المباني القائمة."),
        ("Renovation permit", "Maintenance and renovation of existing buildings."),
    ),
    (
        "TRN-048",
        "buildings",
        ("اعتماد المخططات الهندسية", "مراجعة واعتماد مخططات البناء."),
        ("Approval of engineering drawings", "Review and approve construction drawings."),
    ),
    (
        "TRN-049",
        "buildings",
        ("تصريح مظلة مركبات", "تركيب مظلة في فناء المنزل."),
        ("Carport shade permit", "Put up a shade in the front yard."),
    ),
    (
        "TRN-050",
        "buildings",
        ("تسجيل مكتب استشاري هندسي", "قيد المكاتب الهندسية لدى البلدية."),
        ("Register an engineering consultancy", "List an engineering office with the municipality."),
    ),
    (
        "TRN-051",
        "buildings",
        ("إصدار خريطة موقع", "خريطة الأرض وحدودها وإحداثياتها."),
        ("Issue a site map", "The map of a plot with its limits and coordinates."),
    ),
    (
        "TRN-052",
        "buildings",
        ("تصريح ملحق خارجي", "بناء غرفة أو مجلس خارج المسكن."),
        ("Annex permit", "Build a room or majlis outside the house."),
    ),
    # Transport businesses
    (
        "TRN-053",
        "licensing",
        ("ترخيص نشاط تأجير المركبات", "رخصة لمكاتب تأجير المركبات."),
        ("Vehicle rental activity licence", "For vehicle hire offices."),
    ),
    (
        "TRN-054",
        "licensing",
        ("ترخيص مركبة أجرة", "تشغيل مركبة أجرة لنقل الركاب."),
        ("Taxi vehicle licence", "Run a taxi carrying passengers."),
    ),
    (
        "TRN-055",
        "licensing",
        ("ترخيص ورشة تصليح مركبات", "ورش الميكانيكا والكهرباء والسمكرة."),
        ("Vehicle repair workshop licence", "Mechanical, electrical and body repair shops."),
    ),
    (
        "TRN-056",
        "licensing",
        ("ترخيص مغسلة مركبات", "غسيل وتلميع المركبات."),
        ("Vehicle wash licence", "Washing and polishing vehicles."),
    ),
    (
        "TRN-057",
        "licensing",
        ("ترخيص مركبات نقل الطلاب", "الحافلات المدرسية ومركبات نقل الطلاب."),
        ("Student transport vehicle licence", "School buses and student transport."),
    ),
    (
        "TRN-058",
        "licensing",
        ("ترخيص مدرسة تعليم القيادة", "معاهد تدريب السائقين."),
        ("Driving school licence", "Driver training institutes."),
    ),
    (
        "TRN-059",
        "licensing",
        ("ترخيص عربة طعام متنقلة", "بيع الأطعمة من عربة في المواقع المسموحة."),
        ("Food truck licence", "Sell food from a vehicle at permitted sites."),
    ),
    (
        "TRN-060",
        "licensing",
        ("تصريح مركبة توصيل", "دراجات وسيارات توصيل الطلبات."),
        ("Delivery vehicle permit", "Motorbikes and vans delivering orders."),
    ),
    (
        "TRN-061",
        "licensing",
        ("ترخيص محطة وقود", "إنشاء وتشغيل محطة تعبئة الوقود."),
        ("Fuel station licence", "Build and run a fuel filling station."),
    ),
    (
        "TRN-062",
        "licensing",
        ("ترخيص معرض مركبات مستعملة", "بيع المركبات المستعملة في معرض."),
        ("Used vehicle showroom licence", "Sell used vehicles from a showroom."),
    ),
    # Public transport and other
    (
        "TRN-063",
        "customer-happiness",
        ("بطاقة النقل العام", "بطاقة ركوب الحافلات مسبقة الدفع."),
        ("Public transport card", "A prepaid card for bus rides."),
    ),
    (
        "TRN-064",
        "customer-happiness",
        ("اشتراك الحافلات للطلاب", "اشتراك فصلي في حافلات النقل العام."),
        ("Student bus pass", "A term pass for public buses."),
    ),
    (
        "TRN-065",
        "customer-happiness",
        ("المفقودات في الحافلات", "استرجاع ما فقد في الحافلات العامة."),
        ("Lost property on buses", "Get back what was left on a public bus."),
    ),
    (
        "TRN-066",
        "customer-happiness",
        ("طلب سحب مركبة", "سحب مركبة معطلة أو متروكة."),
        ("Request vehicle towing", "Tow a broken-down or abandoned vehicle."),
    ),
    (
        "TRN-067",
        "customer-happiness",
        ("شهادة خلو مخالفات مرورية", "شهادة بعدم وجود مخالفات على الشخص."),
        ("Traffic fines clearance certificate", "States that a person owes no fines."),
    ),
    (
        "TRN-068",
        "customer-happiness",
        ("تقرير حادث مروري", "نسخة من تقرير الحادث للتأمين."),
        ("Traffic accident report", "A copy of the accident report for insurance."),
    ),
    (
        "TRN-069",
        "customer-happiness",
        ("تعديل بيانات مالك المركبة", "تحديث العنوان والهاتف في ملف المركبة."),
        ("Update vehicle owner details", "Change the address or phone on the vehicle file."),
    ),
    (
        "TRN-070",
        "customer-happiness",
        ("إزالة مركبة مهملة", "بلاغ عن مركبة متروكة في الحي."),
        ("Abandoned vehicle removal", "Report a vehicle left in your neighbourhood."),
    ),
]


def fixture_service(
    *, code: str, department: str, ar: tuple[str, str, str], en: tuple[str, str, str], processing: tuple[str, str]
) -> ServiceData:
    """A published fixture service offered at the counter and online, from its texts in both languages."""
    return ServiceData(
        code=code,
        department=department,
        channels=["counter", "website"],
        audiences=["individuals"],
        fee_aed=Decimal("100"),
        ar=ServiceTexts(title=ar[0], summary=ar[1], description=ar[2], processing_time=processing[0]),
        en=ServiceTexts(title=en[0], summary=en[1], description=en[2], processing_time=processing[1]),
    )


def transport_services() -> list[ServiceData]:
    return [
        fixture_service(
            code=code,
            department=department,
            ar=(*ar, _D_AR)[:3],
            en=(*en, _D_EN)[:3],
            processing=("يوم عمل واحد", "1 working day"),
        )
        for code, department, ar, en in TRANSPORT
    ]
