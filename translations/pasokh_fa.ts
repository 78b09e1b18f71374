<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR" sourcelanguage="en">
<context>
    <name>CaseStore</name>
    <message>
        <source>This station has used all tracking codes of the year (station %1). Call IT.</source>
        <translation>کدهای رهگیری امسالِ این ایستگاه (ایستگاه %1) تمام شده است. با واحد فناوری اطلاعات تماس بگیرید.</translation>
    </message>
    <message>
        <source>The case was not found.</source>
        <translation>پرونده پیدا نشد.</translation>
    </message>
    <message>
        <source>The case has already been sent to the hub and cannot be amended here.</source>
        <translation>این پرونده به سامانهٔ مرکزی فرستاده شده و دیگر از اینجا قابل اصلاح نیست.</translation>
    </message>
</context>
<context>
    <name>CaseTypes</name>
    <message>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>پیامک</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>رایانامه</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>وب</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>مراجعهٔ حضوری</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>شکایت</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>درخواست</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <translation>استعلام</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>پیشنهاد</translation>
    </message>
    <message>
        <source>Appreciation</source>
        <translation>قدردانی</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>گزارش</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>پیش‌نویس</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>ثبت‌شده</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>ارسال‌شده</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>ارجاع‌شده</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>در دست اقدام</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>پاسخ‌داده‌شده</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>بسته‌شده</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>ردشده</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>عادی</translation>
    </message>
    <message>
        <source>High</source>
        <translation>بالا</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>فوری</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>رفع شد</translation>
    </message>
    <message>
        <source>Explained</source>
        <translation>توضیح داده شد</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>در برنامه</translation>
    </message>
    <message>
        <source>Outside jurisdiction</source>
        <translation>خارج از حوزهٔ وظایف</translation>
    </message>
    <message>
        <source>No logical answer</source>
        <translation>فاقد پاسخ منطقی</translation>
    </message>
</context>
<context>
    <name>CaseValidator</name>
    <message>
        <source>Choose a category.</source>
        <translation>موضوع را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Choose a category from the list (not a group).</source>
        <translation>یک موضوع از فهرست انتخاب کنید (نه یک گروه).</translation>
    </message>
    <message>
        <source>Describe the problem.</source>
        <translation>مشکل را شرح دهید.</translation>
    </message>
    <message>
        <source>The description is too long (%1 characters; at most %2). Shorten it; nothing was removed.</source>
        <translation>شرح بیش از اندازه طولانی است (%1 نویسه؛ حداکثر %2). آن را کوتاه کنید؛ چیزی حذف نشده است.</translation>
    </message>
    <message>
        <source>No phone number: the unit cannot call the citizen back.</source>
        <translation>شماره تلفن وارد نشده است: واحد نمی‌تواند با شهروند تماس بگیرد.</translation>
    </message>
    <message>
        <source>Unknown district.</source>
        <translation>منطقهٔ نامعتبر.</translation>
    </message>
    <message>
        <source>Choose the district: this category is referred to the district municipality.</source>
        <translation>منطقه را انتخاب کنید: این موضوع به شهرداری منطقه ارجاع می‌شود.</translation>
    </message>
    <message>
        <source>Unknown referral unit.</source>
        <translation>واحد ارجاع نامعتبر است.</translation>
    </message>
    <message>
        <source>Choose the unit the case is referred to.</source>
        <translation>واحدی را که پرونده به آن ارجاع می‌شود انتخاب کنید.</translation>
    </message>
</context>
<context>
    <name>ConsoleConfig</name>
    <message>
        <source>In %1, [%2] %3 is &quot;%4&quot;; it must be a whole number from %5 to %6. Correct the file and start again.</source>
        <translation>در %1، مقدار [%2] %3 برابر «%4» است؛ باید عددی صحیح از %5 تا %6 باشد. پرونده را اصلاح کنید و دوباره برنامه را اجرا کنید.</translation>
    </message>
    <message>
        <source>The configuration file %1 given with --config does not exist.</source>
        <translation>پروندهٔ پیکربندی %1 که با --config داده شده وجود ندارد.</translation>
    </message>
    <message>
        <source>The configuration file %1 cannot be read (not a readable INI file).</source>
        <translation>پروندهٔ پیکربندی %1 خوانده نمی‌شود (پروندهٔ INI خواندنی نیست).</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <source>Withheld number</source>
        <translation>شمارهٔ پنهان</translation>
    </message>
</context>
<context>
    <name>ExtensionDirectory</name>
    <message>
        <source>Enter the extension.</source>
        <translation>شمارهٔ داخلی را وارد کنید.</translation>
    </message>
    <message>
        <source>An extension has only digits, * and #, or is a sip: address.</source>
        <translation>داخلی فقط رقم، * و # دارد یا یک نشانی sip: است.</translation>
    </message>
    <message>
        <source>Enter the name of the unit.</source>
        <translation>نام واحد را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>InstanceLock</name>
    <message>
        <source>Another Pasokh (process %1) is already using this data folder. Close it first; nothing was changed.</source>
        <translation>یک پاسخ دیگر (فرایند %1) از همین پوشهٔ داده استفاده می‌کند. ابتدا آن را ببندید؛ چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>The data folder %1 cannot be written. Ask IT to check its permissions.</source>
        <translation>امکان نوشتن در پوشهٔ داده %1 نیست. از واحد فناوری اطلاعات بخواهید دسترسی آن را بررسی کند.</translation>
    </message>
</context>
<context>
    <name>NationalId</name>
    <message>
        <source>A national ID contains digits only.</source>
        <translation>کد ملی فقط از رقم تشکیل می‌شود.</translation>
    </message>
    <message>
        <source>Enter the national ID.</source>
        <translation>کد ملی را وارد کنید.</translation>
    </message>
    <message>
        <source>A national ID has 10 digits.</source>
        <translation>کد ملی ۱۰ رقم دارد.</translation>
    </message>
    <message>
        <source>This national ID is not valid (check digit mismatch).</source>
        <translation>این کد ملی معتبر نیست (رقم کنترل نادرست است).</translation>
    </message>
    <message>
        <source>All digits are the same; make sure the ID was heard correctly.</source>
        <translation>همهٔ رقم‌ها یکسان است؛ مطمئن شوید کد درست شنیده شده است.</translation>
    </message>
    <message>
        <source>Digits 4 to 9 are all zero; make sure the ID was heard correctly.</source>
        <translation>رقم‌های ۴ تا ۹ همه صفر است؛ مطمئن شوید کد درست شنیده شده است.</translation>
    </message>
    <message>
        <source>The issuing-office prefix %1 is not a known civil-registry office; make sure the ID was heard correctly.</source>
        <translation>پیش‌شمارهٔ %1 کد هیچ ادارهٔ ثبت احوال شناخته‌شده‌ای نیست؛ مطمئن شوید کد ملی درست شنیده شده است.</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::AudioSettingsDialog</name>
    <message>
        <source>Sound and devices</source>
        <translation>صدا و دستگاه‌ها</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>پیش‌فرض سیستم</translation>
    </message>
    <message>
        <source>Ringtone and alerts</source>
        <translation>زنگ و هشدارها</translation>
    </message>
    <message>
        <source>Microphone in calls</source>
        <translation>میکروفون تماس</translation>
    </message>
    <message>
        <source>Speaker in calls</source>
        <translation>بلندگوی تماس</translation>
    </message>
    <message>
        <source>No sound device was found on this computer: calls ring on screen only.</source>
        <translation>هیچ دستگاه صوتی روی این رایانه پیدا نشد: زنگ تماس‌ها فقط روی صفحه نشان داده می‌شود.</translation>
    </message>
    <message>
        <source>The phone engine reported no microphone or speaker: calls use the system default.</source>
        <translation>موتور تلفن میکروفون یا بلندگویی گزارش نکرد: تماس‌ها از دستگاه پیش‌فرض سیستم استفاده می‌کنند.</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::CallPanel</name>
    <message>
        <source>Wrap-up: choose how the call ended</source>
        <translation>پایان‌کار تماس: نتیجهٔ تماس را انتخاب کنید</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>آماده</translation>
    </message>
    <message>
        <source>Not ready…</source>
        <translation>ناآماده…</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>استراحت</translation>
    </message>
    <message>
        <source>Prayer</source>
        <translation>نماز</translation>
    </message>
    <message>
        <source>Meal</source>
        <translation>غذا</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>آموزش</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>جلسه</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>تماس</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>تماس‌گیرنده</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>شماره</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>مدت</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>پاسخ</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>رد تماس</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>انتظار</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>بی‌صدا</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>قطع تماس</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>انتقال</translation>
    </message>
    <message>
        <source>Unit extension</source>
        <translation>داخلی واحد</translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation>انتقال فوری</translation>
    </message>
    <message>
        <source>Consult first</source>
        <translation>اول مشورت</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>تکمیل انتقال</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>شماره برای تماس</translation>
    </message>
    <message>
        <source>How did the call end?</source>
        <translation>نتیجهٔ تماس چه بود؟</translation>
    </message>
    <message>
        <source>Case registered</source>
        <translation>پرونده ثبت شد</translation>
    </message>
    <message>
        <source>Guidance given</source>
        <translation>راهنمایی شد</translation>
    </message>
    <message>
        <source>Out of jurisdiction</source>
        <translation>خارج از حوزهٔ وظایف</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>شمارهٔ اشتباه</translation>
    </message>
    <message>
        <source>Silent call</source>
        <translation>تماس بی‌صدا</translation>
    </message>
    <message>
        <source>Abusive caller</source>
        <translation>تماس‌گیرندهٔ مزاحم</translation>
    </message>
    <message>
        <source>Call dropped</source>
        <translation>قطع شدن تماس</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>پایان کار تماس</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بدون نام)</translation>
    </message>
    <message>
        <source>Number withheld</source>
        <translation>شماره پنهان است</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>در حال زنگ</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>در حال برقراری تماس…</translation>
    </message>
    <message>
        <source>Connected (muted)</source>
        <translation>برقرار (بی‌صدا)</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>برقرار</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>در انتظار</translation>
    </message>
    <message>
        <source>Held by the other side</source>
        <translation>در انتظارِ طرف مقابل</translation>
    </message>
    <message>
        <source>Missed: the caller hung up</source>
        <translation>از دست رفته: تماس‌گیرنده قطع کرد</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>منتقل شد</translation>
    </message>
    <message>
        <source>Call lost: the phone engine stopped</source>
        <translation>تماس از دست رفت: موتور تلفن متوقف شد</translation>
    </message>
    <message>
        <source>Call failed</source>
        <translation>تماس ناموفق بود</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>پایان یافت</translation>
    </message>
    <message>
        <source>Phone: connected</source>
        <translation>تلفن: متصل</translation>
    </message>
    <message>
        <source>Phone: connecting…</source>
        <translation>تلفن: در حال اتصال…</translation>
    </message>
    <message>
        <source>Phone: off</source>
        <translation>تلفن: خاموش</translation>
    </message>
    <message>
        <source>The phone engine stopped unexpectedly and is restarting (in %1 s). The case you are typing is kept.</source>
        <translation>موتور تلفن به‌طور ناگهانی متوقف شد و دوباره راه‌اندازی می‌شود (تا %1 ثانیهٔ دیگر). پرونده‌ای که در حال نوشتن آن هستید حفظ شده است.</translation>
    </message>
    <message>
        <source>Logged out</source>
        <translation>خارج از سامانه</translation>
    </message>
    <message>
        <source>Ready for calls</source>
        <translation>آمادهٔ پاسخ به تماس</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>در حال مکالمه</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>پایان‌کار تماس</translation>
    </message>
    <message>
        <source>Not ready: %1</source>
        <translation>ناآماده: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>ادامهٔ تماس</translation>
    </message>
    <message>
        <source>Cannot call: a call is already in progress</source>
        <translation>تماس ممکن نیست: یک تماس در جریان است</translation>
    </message>
    <message>
        <source>Cannot call: choose how the last call ended first</source>
        <translation>تماس ممکن نیست: ابتدا نتیجهٔ تماس قبلی را انتخاب کنید</translation>
    </message>
    <message>
        <source>Cannot call: log in first</source>
        <translation>تماس ممکن نیست: ابتدا وارد سامانه شوید</translation>
    </message>
    <message>
        <source>Cannot call this number</source>
        <translation>تماس با این شماره ممکن نیست</translation>
    </message>
    <message>
        <source>Directory…</source>
        <translation>دفترچه…</translation>
    </message>
    <message>
        <source>the [sip] settings are incomplete</source>
        <translation>تنظیمات [sip] کامل نیست</translation>
    </message>
    <message>
        <source>the PBX refused the user name or password</source>
        <translation>مرکز تلفن نام کاربری یا گذرواژه را نپذیرفت</translation>
    </message>
    <message>
        <source>the PBX does not know this extension</source>
        <translation>مرکز تلفن این داخلی را نمی‌شناسد</translation>
    </message>
    <message>
        <source>the PBX cannot be reached; retrying</source>
        <translation>مرکز تلفن در دسترس نیست؛ دوباره تلاش می‌شود</translation>
    </message>
    <message>
        <source>the PBX refused the registration</source>
        <translation>مرکز تلفن ثبت را نپذیرفت</translation>
    </message>
    <message>
        <source>Phone: not connected, %1</source>
        <translation>تلفن: وصل نیست، %1</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::CallSounds</name>
    <message>
        <source>No sound device: calls ring on screen only.</source>
        <translation>دستگاه صوتی نیست: زنگ تماس‌ها فقط روی صفحه نشان داده می‌شود.</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::CallerHistoryView</name>
    <message>
        <source>Caller history</source>
        <translation>سوابق تماس‌گیرنده</translation>
    </message>
    <message>
        <source>Caller history: enter the caller&apos;s number</source>
        <translation>سوابق تماس‌گیرنده: شمارهٔ تماس‌گیرنده را وارد کنید</translation>
    </message>
    <message>
        <source>History of %1: %2 cases, %3 calls</source>
        <translation>سوابق %1: %2 پرونده، %3 تماس</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::CaseBrowser</name>
    <message>
        <source>All statuses</source>
        <translation>همهٔ وضعیت‌ها</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>همهٔ موضوع‌ها</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>همهٔ مناطق</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>همهٔ واحدها</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <source>Words in the description</source>
        <translation>واژه‌هایی از شرح</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از</translation>
    </message>
    <message>
        <source>To</source>
        <translation>تا</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>پاک کردن فیلترها</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>در حال جستجو…</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>%1 پرونده</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::CaseDetailView</name>
    <message>
        <source>Amend</source>
        <translation>اصلاح</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>رویدادها</translation>
    </message>
    <message>
        <source>Change the intake fields of a case the hub has not received yet</source>
        <translation>اصلاح فیلدهای پرونده‌ای که هنوز به سامانهٔ مرکزی نرسیده است</translation>
    </message>
    <message>
        <source>Select a case to see its details.</source>
        <translation>برای دیدن جزئیات، یک پرونده را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>پرونده</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <source>Answer due</source>
        <translation>مهلت پاسخ</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>کانال</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>نوع پرونده</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>تماس‌گیرنده</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>ناشناس</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>District</source>
        <translation>منطقه</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>محله</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <source>Referred to</source>
        <translation>ارجاع به</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>کارشناس</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <source>Answer type</source>
        <translation>نوع پاسخ</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>پاسخ داده شد</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>پاسخ</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>اصلاح شد</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>تغییر وضعیت</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>تغییرات: %1</translation>
    </message>
    <message>
        <source>Call the caller</source>
        <translation>تماس با تماس‌گیرنده</translation>
    </message>
    <message>
        <source>Call the citizen back from this console&apos;s phone</source>
        <translation>با تلفن همین میز با شهروند تماس بگیرید</translation>
    </message>
    <message>
        <source>Hub note</source>
        <translation>یادداشت سامانهٔ مرکزی</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>موقعیت</translation>
    </message>
    <message>
        <source>Guidance articles used</source>
        <translation>راهنماهای به‌کاررفته</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::HubLoginDialog</name>
    <message>
        <source>Log in to the hub</source>
        <translation>ورود به سامانهٔ مرکزی</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Work offline</source>
        <translation>کار بدون اتصال</translation>
    </message>
    <message>
        <source>Cases are kept on this computer until the hub accepts them.</source>
        <translation>پرونده‌ها تا پذیرش در سامانهٔ مرکزی روی همین رایانه نگه داشته می‌شوند.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>نام کاربری و گذرواژه را وارد کنید.</translation>
    </message>
    <message>
        <source>The hub cannot be reached. You can keep working offline; log in again later.</source>
        <translation>سامانهٔ مرکزی در دسترس نیست. می‌توانید بدون اتصال ادامه دهید و بعداً دوباره وارد شوید.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>نام کاربری یا گذرواژه نادرست است.</translation>
    </message>
    <message>
        <source>The hub refused the login: %1</source>
        <translation>سامانهٔ مرکزی ورود را نپذیرفت: %1</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::IntakeForm</name>
    <message>
        <source>The draft could not be autosaved: %1</source>
        <translation>پیش‌نویس به‌طور خودکار ذخیره نشد: %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>رونوشت</translation>
    </message>
    <message>
        <source>Copy the tracking code</source>
        <translation>رونوشت کد رهگیری</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>بازگردانی</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>دور انداختن</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>نوع پرونده</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>کانال</translation>
    </message>
    <message>
        <source>Mobile, 051 landline or 8-digit local number; any digits</source>
        <translation>همراه، تلفن ثابت ۰۵۱ یا شمارهٔ محلی ۸ رقمی؛ با هر نوع رقم</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>ناشناس</translation>
    </message>
    <message>
        <source>The caller does not want their name passed to the unit</source>
        <translation>تماس‌گیرنده نمی‌خواهد نامش به واحد داده شود</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <source>Caller name</source>
        <translation>نام تماس‌گیرنده</translation>
    </message>
    <message>
        <source>Optional; 10 digits</source>
        <translation>اختیاری؛ ۱۰ رقم</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Type to search categories</source>
        <translation>برای جستجوی موضوع تایپ کنید</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>What is the problem, exactly where, since when?</source>
        <translation>مشکل چیست، دقیقاً کجا و از چه زمانی؟</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
    <message>
        <source>Choose a district</source>
        <translation>منطقه را انتخاب کنید</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>محله</translation>
    </message>
    <message>
        <source>District</source>
        <translation>منطقه</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <source>Choose the unit</source>
        <translation>واحد را انتخاب کنید</translation>
    </message>
    <message>
        <source>Referred to</source>
        <translation>ارجاع به</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <source>Save case</source>
        <translation>ثبت پرونده</translation>
    </message>
    <message>
        <source>Save the case and give the caller a tracking code (%1)</source>
        <translation>ثبت پرونده و دادن کد رهگیری به تماس‌گیرنده (%1)</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>پروندهٔ جدید</translation>
    </message>
    <message>
        <source>Clear the form for a new case (%1)</source>
        <translation>پاک کردن فرم برای پروندهٔ جدید (%1)</translation>
    </message>
    <message>
        <source>Amending case %1</source>
        <translation>اصلاح پروندهٔ %1</translation>
    </message>
    <message>
        <source>Case saved. Tracking code:</source>
        <translation>پرونده ثبت شد. کد رهگیری:</translation>
    </message>
    <message>
        <source>A case that was being typed at %1 was not saved (the console closed). Restore it?</source>
        <translation>پرونده‌ای که در %1 در حال تایپ بود ذخیره نشد (برنامه بسته شد). بازگردانده شود؟</translation>
    </message>
    <message>
        <source>Unsaved case</source>
        <translation>پروندهٔ ذخیره‌نشده</translation>
    </message>
    <message>
        <source>The case you are typing has not been saved. Keep typing it, or discard it and start a new case?</source>
        <translation>پرونده‌ای که می‌نویسید هنوز ذخیره نشده است. نوشتن آن را ادامه می‌دهید، یا آن را دور می‌اندازید و پروندهٔ جدیدی باز می‌کنید؟</translation>
    </message>
    <message>
        <source>Keep typing</source>
        <translation>ادامهٔ نوشتن</translation>
    </message>
    <message>
        <source>Discard and start new</source>
        <translation>دور انداختن و پروندهٔ جدید</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::JalaliDateEdit</name>
    <message>
        <source>Jalali date, year/month/day; any digits</source>
        <translation>تاریخ خورشیدی، سال/ماه/روز؛ با هر نوع رقم</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::KnowledgePanel</name>
    <message>
        <source>Searching…</source>
        <translation>در حال جستجو…</translation>
    </message>
    <message>
        <source>No article matches.</source>
        <translation>مقاله‌ای پیدا نشد.</translation>
    </message>
    <message>
        <source>The knowledge base is not available: %1</source>
        <translation>پایگاه دانش در دسترس نیست: %1</translation>
    </message>
    <message>
        <source>Recorded on this call</source>
        <translation>برای این تماس ثبت شد</translation>
    </message>
    <message>
        <source>Search the guidance articles (type a few letters)</source>
        <translation>جستجو در راهنماها (چند حرف بنویسید)</translation>
    </message>
    <message>
        <source>Suggested for this call</source>
        <translation>پیشنهادی برای این تماس</translation>
    </message>
    <message>
        <source>Used on this call</source>
        <translation>در این تماس استفاده شد</translation>
    </message>
    <message>
        <source>Record that this article helped answer the current call</source>
        <translation>ثبت اینکه این مقاله در پاسخ به تماس فعلی کمک کرد</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>بازبینی نشده</translation>
    </message>
    <message>
        <source>Version %1, reviewed %2</source>
        <translation>نسخه %1، بازبینی %2</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::MainWindow</name>
    <message>
        <source>Pasokh: 137 operator console</source>
        <translation>پاسخ: میز کار کارشناس ۱۳۷</translation>
    </message>
    <message>
        <source>Caller history</source>
        <translation>سوابق تماس‌گیرنده</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>پروندهٔ جدید</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>پرونده‌ها</translation>
    </message>
    <message>
        <source>Station %1%2</source>
        <translation>ایستگاه %1%2</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>کارشناس: %1</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>تعیین نشده</translation>
    </message>
    <message>
        <source>Offline: cases are kept on this computer</source>
        <translation>برون‌خط: پرونده‌ها روی همین رایانه نگهداری می‌شوند</translation>
    </message>
    <message>
        <source>Offline: hub sync is not available in this version</source>
        <translation>برون‌خط: همگام‌سازی با سامانهٔ مرکزی در این نسخه فعال نیست</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>پر&amp;ونده</translation>
    </message>
    <message>
        <source>&amp;New case</source>
        <translation>پروندهٔ جدید</translation>
    </message>
    <message>
        <source>&amp;Save case</source>
        <translation>ثبت پرونده</translation>
    </message>
    <message>
        <source>&amp;Find cases</source>
        <translation>جستجوی پرونده‌ها</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>خر&amp;وج</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>&amp;About Pasokh</source>
        <translation>&amp;دربارهٔ پاسخ</translation>
    </message>
    <message>
        <source>About Pasokh</source>
        <translation>دربارهٔ پاسخ</translation>
    </message>
    <message>
        <source>Pasokh %1: the operator console of Mashhad municipality&apos;s 137 contact centre.
Licensed under the GNU GPL, version 3 or later.</source>
        <translation>پاسخ %1: میز کار کارشناسان سامانهٔ ۱۳۷ شهرداری مشهد.
منتشرشده با پروانهٔ GNU GPL نسخهٔ ۳ یا بالاتر.</translation>
    </message>
    <message>
        <source>Pending sync: unknown</source>
        <translation>در انتظار ارسال: نامعلوم</translation>
    </message>
    <message>
        <source>Waiting to send: %1</source>
        <translation>در انتظار ارسال: %1</translation>
    </message>
    <message>
        <source>refused by hub: %1</source>
        <translation>ردشده از سوی سامانهٔ مرکزی: %1</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>راهنمای پاسخگویی</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <source>&amp;Sound and devices…</source>
        <translation>صد&amp;ا و دستگاه‌ها…</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>تلفن</translation>
    </message>
    <message>
        <source>The phone engine stopped and is restarting; the case you are typing is kept.</source>
        <translation>موتور تلفن متوقف شد و دوباره راه‌اندازی می‌شود؛ پرونده‌ای که در حال نوشتن آن هستید حفظ شده است.</translation>
    </message>
    <message>
        <source>A call is ringing. The case you were typing was kept: save it, then press Ctrl+N to start a case for this call.</source>
        <translation>تماسی در حال زنگ خوردن است. پرونده‌ای که می‌نوشتید حفظ شد: آن را ذخیره کنید، سپس با Ctrl+N پرونده‌ای برای این تماس باز کنید.</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>در حال تماس با %1…</translation>
    </message>
    <message>
        <source>a call is already in progress</source>
        <translation>یک تماس در جریان است</translation>
    </message>
    <message>
        <source>choose how the last call ended first</source>
        <translation>اول نتیجهٔ تماس قبلی را انتخاب کنید</translation>
    </message>
    <message>
        <source>log in to the phone first</source>
        <translation>اول وارد تلفن شوید</translation>
    </message>
    <message>
        <source>this number cannot be dialled</source>
        <translation>این شماره قابل شماره‌گیری نیست</translation>
    </message>
    <message>
        <source>Cannot call: %1</source>
        <translation>تماس ممکن نیست: %1</translation>
    </message>
    <message>
        <source>H&amp;ub</source>
        <translation>سامانهٔ مرکز&amp;ی</translation>
    </message>
    <message>
        <source>&amp;Log in to the hub...</source>
        <translation>&amp;ورود به سامانهٔ مرکزی...</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>همگام‌سازی اکنو&amp;ن</translation>
    </message>
    <message>
        <source>Cases &amp;refused by the hub...</source>
        <translation>پرونده‌های &amp;ردشده در سامانهٔ مرکزی...</translation>
    </message>
    <message>
        <source>Log &amp;out of the hub</source>
        <translation>خروج &amp;از سامانهٔ مرکزی</translation>
    </message>
    <message>
        <source>Connecting to the hub...</source>
        <translation>در حال اتصال به سامانهٔ مرکزی...</translation>
    </message>
    <message>
        <source>Case saved. Press Ctrl+N to start a case for the call in progress.</source>
        <translation>پرونده ذخیره شد. با Ctrl+N پرونده‌ای برای تماس جاری باز کنید.</translation>
    </message>
    <message>
        <source>Automatic hub login failed: %1</source>
        <translation>ورود خودکار به سامانهٔ مرکزی ناموفق بود: %1</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::ParkedDialog</name>
    <message>
        <source>Cases refused by the hub</source>
        <translation>پرونده‌های ردشده در سامانهٔ مرکزی</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>تغییر</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>ارسال دوبارهٔ انتخاب‌شده‌ها</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>ارسال دوبارهٔ همه</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>پروندهٔ جدید</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>اصلاحیه</translation>
    </message>
</context>
<context>
    <name>Pasokh::Ui::TransferDirectoryDialog</name>
    <message>
        <source>Transfer directory</source>
        <translation>دفترچهٔ انتقال</translation>
    </message>
    <message>
        <source>Search units and extensions</source>
        <translation>جست‌وجوی واحدها و داخلی‌ها</translation>
    </message>
    <message>
        <source>Unit name</source>
        <translation>نام واحد</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>داخلی</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>افزودن</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Use this extension</source>
        <translation>انتقال به این داخلی</translation>
    </message>
</context>
<context>
    <name>Pasokh::ViewModels::CallerHistoryModel</name>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Answer (%1): %2</source>
        <translation>پاسخ (%1): %2</translation>
    </message>
    <message>
        <source>%1 · call (%2)</source>
        <translation>%1 · تماس (%2)</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>در جریان</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>پاسخ داده شد</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>از دست رفته</translation>
    </message>
    <message>
        <source>refused: operator busy</source>
        <translation>رد شد: کارشناس مشغول</translation>
    </message>
    <message>
        <source>refused: operator not ready</source>
        <translation>رد شد: کارشناس آماده نبود</translation>
    </message>
    <message>
        <source>refused: nobody logged in</source>
        <translation>رد شد: کسی وارد نشده بود</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>رد شد</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <source>lost: phone engine stopped</source>
        <translation>قطع شد: موتور تلفن متوقف شد</translation>
    </message>
    <message>
        <source>case registered</source>
        <translation>پرونده ثبت شد</translation>
    </message>
    <message>
        <source>guidance given</source>
        <translation>راهنمایی شد</translation>
    </message>
    <message>
        <source>out of jurisdiction</source>
        <translation>خارج از حیطه</translation>
    </message>
    <message>
        <source>wrong number</source>
        <translation>شمارهٔ اشتباه</translation>
    </message>
    <message>
        <source>silent call</source>
        <translation>تماس بی‌صدا</translation>
    </message>
    <message>
        <source>abusive caller</source>
        <translation>تماس‌گیرندهٔ بدزبان</translation>
    </message>
    <message>
        <source>call dropped</source>
        <translation>تماس قطع شد</translation>
    </message>
</context>
<context>
    <name>Pasokh::ViewModels::CaseTableModel</name>
    <message>
        <source>Anonymous</source>
        <translation>ناشناس</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>زمان ثبت</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>District</source>
        <translation>منطقه</translation>
    </message>
    <message>
        <source>Referred to</source>
        <translation>ارجاع به</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>تماس‌گیرنده</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>شرح</translation>
    </message>
</context>
<context>
    <name>Pasokh::ViewModels::ExtensionDirectoryModel</name>
    <message>
        <source>Unit</source>
        <translation>واحد</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>داخلی</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>یادداشت</translation>
    </message>
</context>
<context>
    <name>PhoneNumber</name>
    <message>
        <source>The phone number has too few digits.</source>
        <translation>شماره تلفن رقم کم دارد.</translation>
    </message>
    <message>
        <source>The phone number has too many digits.</source>
        <translation>شماره تلفن رقم زیادی دارد.</translation>
    </message>
    <message>
        <source>This is not a valid Iranian phone number.</source>
        <translation>این شماره تلفن معتبر ایران نیست.</translation>
    </message>
    <message>
        <source>The phone number may contain only digits, spaces, dashes and a leading +.</source>
        <translation>شماره تلفن فقط می‌تواند رقم، فاصله، خط تیره و یک + در ابتدا داشته باشد.</translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation>شماره تلفن را وارد کنید.</translation>
    </message>
    <message>
        <source>A local Mashhad number has 8 digits and starts with 2 to 9.</source>
        <translation>شمارهٔ ثابت مشهد ۸ رقم دارد و با ۲ تا ۹ شروع می‌شود.</translation>
    </message>
    <message>
        <source>This looks like an old Mashhad number (0511 and 7 digits); ask the caller for the current 8-digit number.</source>
        <translation>این شماره به شکل قدیمی مشهد است (۰۵۱۱ و ۷ رقم)؛ شمارهٔ ۸ رقمی فعلی را از تماس‌گیرنده بپرسید.</translation>
    </message>
</context>
<context>
    <name>StorageError</name>
    <message>
        <source>The database could not switch to WAL mode.</source>
        <translation>پایگاه داده به حالت WAL نرفت.</translation>
    </message>
    <message>
        <source>This database was written by a newer version of Pasokh (schema %1; this version knows %2). Install the newer version; the file was not changed.</source>
        <translation>این پایگاه داده را نسخهٔ جدیدتری از پاسخ نوشته است (طرح %1؛ این نسخه تا %2 را می‌شناسد). نسخهٔ جدیدتر را نصب کنید؛ فایل تغییری نکرد.</translation>
    </message>
    <message>
        <source>Upgrading the database failed at step %1: %2</source>
        <translation>به‌روزرسانی پایگاه داده در گام %1 ناموفق بود: %2</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was lost: free some space and save again.</source>
        <translation>دیسک پر است. چیزی از دست نرفته است: فضا آزاد کنید و دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>The data folder cannot be written. Nothing was lost: ask IT to check the folder&apos;s permissions.</source>
        <translation>امکان نوشتن در پوشهٔ داده‌ها نیست. چیزی از دست نرفته است: از واحد فناوری اطلاعات بخواهید دسترسی پوشه را بررسی کند.</translation>
    </message>
    <message>
        <source>The database is busy in another program. Nothing was lost: try again in a moment.</source>
        <translation>پایگاه داده در اختیار برنامهٔ دیگری است. چیزی از دست نرفته است: چند لحظه بعد دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The database file is damaged. It has not been changed; call IT to restore it from a backup.</source>
        <translation>فایل پایگاه داده آسیب دیده است. به آن دست زده نشده است؛ برای بازگردانی از پشتیبان با واحد فناوری اطلاعات تماس بگیرید.</translation>
    </message>
    <message>
        <source>The data breaks a rule of the database: %1</source>
        <translation>داده با قواعد پایگاه داده سازگار نیست: %1</translation>
    </message>
    <message>
        <source>The disk reported a read or write error. Nothing was lost: call IT.</source>
        <translation>دیسک خطای خواندن یا نوشتن گزارش کرد. چیزی از دست نرفته است: با واحد فناوری اطلاعات تماس بگیرید.</translation>
    </message>
    <message>
        <source>Database error: %1</source>
        <translation>خطای پایگاه داده: %1</translation>
    </message>
</context>
<context>
    <name>StoreRecovery</name>
    <message>
        <source>Could not move %1 to %2.</source>
        <translation>انتقال %1 به %2 ممکن نشد.</translation>
    </message>
    <message>
        <source>There is no store at %1.</source>
        <translation>در %1 پایگاه داده‌ای نیست.</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>ساختن پوشهٔ %1 ممکن نشد.</translation>
    </message>
    <message>
        <source>Could not create a scratch folder in %1.</source>
        <translation>ساختن پوشهٔ کاری موقت در %1 ممکن نشد.</translation>
    </message>
    <message>
        <source>Could not copy the damaged store.</source>
        <translation>رونوشت‌گیری از پایگاه دادهٔ آسیب‌دیده ممکن نشد.</translation>
    </message>
    <message>
        <source>The store is not damaged; nothing was changed.</source>
        <translation>پایگاه داده آسیبی ندیده است؛ چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>The sqlite3 program is needed to recover the store and was not found (install the Debian package sqlite3).</source>
        <translation>برای بازیابی پایگاه داده برنامهٔ sqlite3 لازم است و پیدا نشد (بستهٔ دبیان sqlite3 را نصب کنید).</translation>
    </message>
    <message>
        <source>sqlite3 could not read the damaged store: %1</source>
        <translation>sqlite3 نتوانست پایگاه دادهٔ آسیب‌دیده را بخواند: %1</translation>
    </message>
    <message>
        <source>sqlite3 could not read anything from the damaged store (its header or schema is destroyed): %1</source>
        <translation>sqlite3 هیچ چیز از پایگاه دادهٔ آسیب‌دیده نخواند (سرآیند یا ساختار آن از بین رفته است): %1</translation>
    </message>
    <message>
        <source>The schema version of the damaged store cannot be read.</source>
        <translation>نسخهٔ ساختار پایگاه دادهٔ آسیب‌دیده خوانده نمی‌شود.</translation>
    </message>
    <message>
        <source>sqlite3 could not write the recovered store (exit %1): %2</source>
        <translation>sqlite3 نتوانست پایگاه دادهٔ بازیابی‌شده را بنویسد (کد خروج %1): %2</translation>
    </message>
    <message>
        <source>The recovered store does not open: %1</source>
        <translation>پایگاه دادهٔ بازیابی‌شده باز نمی‌شود: %1</translation>
    </message>
    <message>
        <source>Re-queueing unsent cases failed: %1</source>
        <translation>قرار دادن دوبارهٔ پرونده‌های ارسال‌نشده در صف ممکن نشد: %1</translation>
    </message>
    <message>
        <source>The recovered store fails its integrity check: %1</source>
        <translation>پایگاه دادهٔ بازیابی‌شده از بررسی سلامت سربلند بیرون نیامد: %1</translation>
    </message>
    <message>
        <source>sqlite3 did not finish and was stopped</source>
        <translation>sqlite3 به پایان نرسید و متوقف شد</translation>
    </message>
    <message>
        <source>sqlite3 ended with status %1 and gave no reason</source>
        <translation>sqlite3 با وضعیت %1 پایان یافت و دلیلی نگفت</translation>
    </message>
    <message>
        <source>no table could be read</source>
        <translation>هیچ جدولی خوانده نشد</translation>
    </message>
</context>
<context>
    <name>SyncStatusText</name>
    <message>
        <source>Hub sync stopped</source>
        <translation>همگام‌سازی با سامانهٔ مرکزی متوقف است</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>سامانهٔ مرکزی: متصل</translation>
    </message>
    <message>
        <source>Online: syncing</source>
        <translation>سامانهٔ مرکزی: در حال همگام‌سازی</translation>
    </message>
    <message>
        <source>Offline: next try %1</source>
        <translation>سامانهٔ مرکزی: قطع، تلاش بعدی %1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>سامانهٔ مرکزی: قطع</translation>
    </message>
    <message>
        <source>Hub login needed (cases are kept)</source>
        <translation>ورود به سامانهٔ مرکزی لازم است (پرونده‌ها نگه داشته می‌شوند)</translation>
    </message>
    <message>
        <source>Hub sync stopped: this version is too old</source>
        <translation>همگام‌سازی متوقف شد: این نسخه قدیمی است</translation>
    </message>
    <message>
        <source>Hub sync stopped: this station is not allowed; call IT</source>
        <translation>همگام‌سازی متوقف شد: این ایستگاه مجاز نیست؛ با فناوری اطلاعات تماس بگیرید</translation>
    </message>
    <message>
        <source>Hub sync stopped; call IT</source>
        <translation>همگام‌سازی متوقف شد؛ با فناوری اطلاعات تماس بگیرید</translation>
    </message>
    <message>
        <source>Waiting to send: %1</source>
        <translation>در انتظار ارسال: %1</translation>
    </message>
    <message>
        <source>Refused by the hub: %1</source>
        <translation>ردشده در سامانهٔ مرکزی: %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>آخرین همگام‌سازی: %1</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>آخرین همگام‌سازی: هرگز</translation>
    </message>
</context>
<context>
    <name>TrackingCode</name>
    <message>
        <source>A tracking code contains digits only.</source>
        <translation>کد رهگیری فقط از رقم تشکیل می‌شود.</translation>
    </message>
    <message>
        <source>A tracking code has 10 digits.</source>
        <translation>کد رهگیری ۱۰ رقم دارد.</translation>
    </message>
    <message>
        <source>This tracking code is not valid; check the digits.</source>
        <translation>این کد رهگیری معتبر نیست؛ رقم‌ها را بررسی کنید.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Pasokh: 137 operator console</source>
        <translation>پاسخ: میز کار کارشناس ۱۳۷</translation>
    </message>
    <message>
        <source>Folder of the local store.</source>
        <translation>پوشهٔ پایگاه دادهٔ محلی.</translation>
    </message>
    <message>
        <source>INI configuration file.</source>
        <translation>فایل پیکربندی INI.</translation>
    </message>
    <message>
        <source>UI language: fa or en.</source>
        <translation>زبان رابط: fa یا en.</translation>
    </message>
    <message>
        <source>The data folder %1 cannot be created.</source>
        <translation>پوشهٔ داده %1 ساخته نشد.</translation>
    </message>
    <message>
        <source>Pasokh cannot start</source>
        <translation>پاسخ اجرا نشد</translation>
    </message>
    <message>
        <source>The case store is damaged</source>
        <translation>پایگاه دادهٔ پرونده‌ها آسیب دیده است</translation>
    </message>
    <message>
        <source>The file where this console keeps its cases is damaged and cannot be used as it is. Pasokh can recover what is still readable into a new file; the damaged file is kept unchanged in the quarantine folder, and cases not yet sent to the hub are queued again. Call IT if you are unsure.</source>
        <translation>پرونده‌ای که این میز کار پرونده‌ها را در آن نگه می‌دارد آسیب دیده است و همین‌طور قابل استفاده نیست. پاسخ می‌تواند آنچه را هنوز خواندنی است در پروندهٔ تازه‌ای بازیابی کند؛ پروندهٔ آسیب‌دیده بی‌تغییر در پوشهٔ قرنطینه نگه داشته می‌شود و پرونده‌هایی که هنوز به مرکز نرسیده‌اند دوباره در صف ارسال قرار می‌گیرند. اگر مطمئن نیستید با واحد فناوری اطلاعات تماس بگیرید.</translation>
    </message>
    <message>
        <source>Recover (the damaged file is kept in quarantine)</source>
        <translation>بازیابی (پروندهٔ آسیب‌دیده در قرنطینه نگه داشته می‌شود)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Recovery failed</source>
        <translation>بازیابی انجام نشد</translation>
    </message>
    <message>
        <source>The store could not be recovered: %1
The damaged file was not changed. Call IT.</source>
        <translation>پایگاه داده بازیابی نشد: %1
پروندهٔ آسیب‌دیده تغییری نکرد. با واحد فناوری اطلاعات تماس بگیرید.</translation>
    </message>
    <message>
        <source>The store was recovered: %1 cases kept, %2 changes queued again for the hub.
The damaged file is kept in %3.</source>
        <translation>پایگاه داده بازیابی شد: %1 پرونده حفظ شد و %2 تغییر دوباره در صف ارسال به مرکز قرار گرفت.
پروندهٔ آسیب‌دیده در %3 نگه داشته شده است.</translation>
    </message>
    <message>
        <source>%1 damaged rows could not be placed back; IT can review them.</source>
        <translation>%1 ردیف آسیب‌دیده سر جای خود برنگشت؛ واحد فناوری اطلاعات می‌تواند آن‌ها را بررسی کند.</translation>
    </message>
    <message>
        <source>Store recovered</source>
        <translation>پایگاه داده بازیابی شد</translation>
    </message>
    <message>
        <source>Upgrading the local case store for this version of Pasokh.
A backup copy is written first; with many cases this takes up to a minute. Please do not switch the computer off.</source>
        <translation>پایگاه دادهٔ پرونده‌های این رایانه برای این نسخهٔ پاسخ به‌روز می‌شود.
نخست یک نسخهٔ پشتیبان نوشته می‌شود؛ با پرونده‌های زیاد تا یک دقیقه طول می‌کشد. لطفاً رایانه را خاموش نکنید.</translation>
    </message>
    <message>
        <source>Upgrading the case store</source>
        <translation>به‌روزرسانی پایگاه دادهٔ پرونده‌ها</translation>
    </message>
</context>
</TS>
