<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa_IR" sourcelanguage="en">
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
        <translation>حضوری</translation>
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
        <translation>پاسخ داده‌شده</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>بسته</translation>
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
        <translation>زمان‌بندی شد</translation>
    </message>
    <message>
        <source>Outside jurisdiction</source>
        <translation>خارج از حیطه</translation>
    </message>
    <message>
        <source>No logical answer</source>
        <translation>فاقد پاسخ منطقی</translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
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
    <name>NationalId</name>
    <message>
        <source>A national ID contains digits only.</source>
        <translation>کد ملی فقط رقم دارد.</translation>
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
        <translation>همه رقم‌ها یکسان است؛ مطمئن شوید کد درست شنیده شده است.</translation>
    </message>
    <message>
        <source>Digits 4 to 9 are all zero; make sure the ID was heard correctly.</source>
        <translation>رقم‌های ۴ تا ۹ همه صفر است؛ مطمئن شوید کد درست شنیده شده است.</translation>
    </message>
    <message>
        <source>The issuing-office prefix 000 is not in use; make sure the ID was heard correctly.</source>
        <translation>پیش‌شماره صدور ۰۰۰ به کار نمی‌رود؛ مطمئن شوید کد درست شنیده شده است.</translation>
    </message>
</context>
<context>
    <name>TrackingCode</name>
    <message>
        <source>A tracking code contains digits only.</source>
        <translation>کد رهگیری فقط رقم دارد.</translation>
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
</TS>
