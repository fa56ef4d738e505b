## کارت کارکنان و دکمه‌هایش
staff-card =
    📋 <b>شکایت</b> { $code } · { $category }
    <b>وضعیت:</b> { $status } · <b>اولویت:</b> { $priority }
    <b>کارشناس مسئول:</b> { $assignee }
    <b>زمان ثبت:</b> { $filed }
    <b>تاریخ رخداد:</b> { $occurred }
    <b>مکان / شمارهٔ مرجع:</b> { $location }
    <b>خواستهٔ شاکی:</b> { $remedy }
    <b>پیوست‌ها:</b> { $attachments }
    <b>شاکی:</b> { $reachable } · { $phone }

    { "\u200F" }{ $description }
staff-card-nobody = تعیین نشده
staff-card-reachable = در تلگرام در دسترس است
staff-card-unreachable = ⚠️ ربات را مسدود کرده است؛ پیام‌ها به او نمی‌رسد
staff-card-phone-hidden = شماره داده است («نمایش تماس» را بزنید)
staff-card-no-phone = شماره‌ای نداده است
staff-button-take = 🙋 بر عهدهٔ من
staff-button-assign = 👥 واگذاری
staff-button-ask = ❓ پرسش از شاکی
staff-button-note = 📝 یادداشت
staff-button-resolve = ✅ رسیدگی شد
staff-button-reject = ⛔ رد شکایت
staff-button-escalate = ⬆️ ارجاع
staff-button-priority = ⚡ اولویت
staff-button-category = 🗂 موضوع
staff-button-contact = 📞 نمایش تماس
staff-button-history = 📜 سابقه
staff-button-export = 📤 خروجی
staff-button-reopen = 🔄 بازگشایی
priority-low = پایین
priority-normal = عادی
priority-high = بالا
priority-urgent = فوری

## پاسخ به اقدام‌های کارکنان
staff-taken = رسیدگی به این شکایت اکنون بر عهدهٔ شماست.
staff-assigned = واگذار شد.
staff-priority-set = اولویت تغییر کرد.
staff-category-set = موضوع تغییر کرد.
staff-reopened = بازگشایی شد.
staff-export-sent = پروندهٔ شکایت در گفت‌وگوی خصوصی برایتان فرستاده شد.
staff-export-caption = پروندهٔ کامل شکایت { $code }
staff-not-found = چنین شکایتی پیدا نشد.
staff-supervisors-only = فقط سرپرستان می‌توانند این کار را انجام دهند.
staff-refused = فقط کارشناسان رسیدگی به شکایات می‌توانند از این دکمه‌ها استفاده کنند.
staff-move-not-allowed = وقتی وضعیت شکایت «{ $status }» است، این کار ممکن نیست. چیزی تغییر نکرد.
staff-choose-assignee = رسیدگی به شکایت { $code } بر عهدهٔ چه کسی باشد؟
staff-choose-priority = اولویت را انتخاب کنید:
staff-choose-category = موضوع را انتخاب کنید:
staff-prompt-ask = پرسشی را که دربارهٔ شکایت { $code } از شاکی دارید، در پاسخ به همین پیام بنویسید.
staff-prompt-note = یادداشت داخلی شکایت { $code } را در پاسخ به همین پیام بنویسید. این یادداشت هرگز برای شاکی فرستاده نمی‌شود.
staff-prompt-resolve = نتیجهٔ رسیدگی به شکایت { $code } را برای شاکی، در پاسخ به همین پیام بنویسید: چه تصمیمی گرفته شد و چرا.
staff-prompt-reject = دلیل رد شکایت { $code } را برای شاکی، در پاسخ به همین پیام بنویسید: چرا شکایت پذیرفته نشد.
staff-prompt-escalate = چرا سرپرست باید شکایت { $code } را بررسی کند؟ در پاسخ به همین پیام بنویسید.
staff-prompt-needs-text = لطفاً آن را به‌صورت متن بنویسید.
staff-done-ask = ❓ پرسش فرستاده شد؛ شکایت اکنون در انتظار پاسخ شاکی است.
staff-done-note = 📝 یادداشت ثبت شد. شاکی آن را نمی‌بیند.
staff-done-resolve = ✅ نتیجهٔ رسیدگی ثبت شد و به شاکی خبر داده شد.
staff-done-reject = ⛔ شکایت رد شد و به شاکی خبر داده شد.
staff-done-escalate = ⬆️ به سرپرستان ارجاع شد.
staff-command-needs-complaint = فرمان { COMMAND($command) } را در تاپیک شکایت یا در پاسخ به کارت آن بفرستید، یا کد رهگیری را پس از آن بنویسید، مثل { "\u2066" }{ COMMAND($command) } 1234-5678-9012 …{ "\u2069" }
staff-history-title = 📜 <b>سابقهٔ شکایت { $code }</b>
staff-list-title = <b>شکایت‌های باز</b>، از قدیمی‌ترین ({ $shown } از { $total }):
staff-list-line = { "\u200F" }• { $code } · { $status } · { $category } · { $filed } · { $assignee }
staff-list-empty = شکایت بازی با این مشخصات نیست.
staff-topic-recreated = ♻️ تاپیک این شکایت پاک یا بسته شده بود، پس دوباره همین‌جا باز شد. پیام‌های قبلی در سابقهٔ شکایت هست (📜).
staff-topic-fallback = ⚠️ تلگرام تاپیک شکایت { $topic } را دوباره باز نکرد، پس فعلاً پیام‌های آن همین‌جا در تاپیک عمومی می‌آید.

## رشتهٔ شکایت در گروه کارکنان
staff-thread-info = 📩 شاکی اطلاعات تازه فرستاد: { $text }
staff-thread-answer = 📩 پاسخ شاکی: { $text }
staff-thread-withdrawn = ↩️ شاکی این شکایت را پس گرفت.
staff-thread-note = 📝 یادداشت { $actor }: { $text }
staff-thread-escalated = ⬆️ { $actor } شکایت را به سرپرست ارجاع داد: { $text }
supervisor-escalated = ⬆️ { $actor } شکایت { $code } را به شما ارجاع داد: { $text }
    برای باز کردن آن، { COMMAND("complaint") } را همراه کد رهگیری بفرستید.

## راه‌اندازی گروه کارکنان
staff-chat-id = شناسهٔ این گروه { $id } است. برای اینکه این گروه، گروه کارکنان باشد، STAFF_CHAT_ID را برابر آن قرار دهید.
staff-group-ready = ✅ اینجا گروه کارکنان است. هر شکایت تازه به‌صورت یک کارت اینجا می‌آید؛ برای پاسخ به شاکی، روی کارت «پاسخ» بزنید.
staff-group-ready-forum = ✅ اینجا گروه کارکنان است. هر شکایت تازه تاپیک جداگانه‌ای دارد؛ برای پاسخ به شاکی، در همان تاپیک بنویسید.
staff-group-not-configured = سلام! من ربات رسیدگی به شکایات دادرس هستم، اما این گروه، گروه کارکنان من نیست. برای این کار { "\u2066" }STAFF_CHAT_ID={ $id }{ "\u2069" } را تنظیم کنید و ربات را دوباره راه‌اندازی کنید.

## سطرهای سابقه (شاکی فقط بخشی را می‌بیند)
history-assigned = واگذاری
history-priority-changed = تغییر اولویت
history-category-changed = تغییر موضوع
history-note = یادداشت داخلی
history-message-to-complainant = پیامی برایتان فرستادیم
history-question-asked = پرسشی از شما داشتیم
history-answer-received = پاسخ دادید
history-escalated = ارجاع به سرپرست
history-contact-viewed = مشاهدهٔ شمارهٔ تلفن
history-exported = خروجی پرونده
history-refused = تلاش ناموفق: از کارکنان نیست
# آنچه کارکنان به جای همان کلید می‌خوانند (staff-<کلید>): از شاکی به سوم‌شخص
staff-status-name-waiting = در انتظار پاسخ شاکی
staff-remedy-none = ترجیح خاصی ندارد
staff-history-info-added = شاکی اطلاعات تازه فرستاد
staff-history-message-to-complainant = پیام به شاکی
staff-history-question-asked = پرسش از شاکی
staff-history-answer-received = شاکی پاسخ داد

## پیام‌ها به شاکی
to-complainant-message = 💬 پیام <b>{ $organisation }</b> دربارهٔ شکایت { $code }:

    { "\u200F" }{ $text }
to-complainant-question =
    ❓ <b>{ $organisation }</b> دربارهٔ شکایت { $code } پرسشی دارد:

    { "\u200F" }{ $text }

    برای پاسخ، «پاسخ دادن» را بزنید یا همین‌جا بنویسید.
to-complainant-answer-button = ✍️ پاسخ دادن
to-complainant-in-progress = 🔧 رسیدگی به شکایت { $code } آغاز شد. هر خبری باشد، همین‌جا به شما می‌گوییم.
to-complainant-resolved =
    ✅ <b>به شکایت { $code } رسیدگی شد.</b>

    <b>تصمیم ما و دلیل آن:</b>
    { "\u200F" }{ $text }

    آیا مشکل شما حل شد؟ لطفاً یکی از دکمه‌های زیر را بزنید.
to-complainant-rejected =
    <b>نتیجهٔ رسیدگی به شکایت { $code }</b>

    شکایت شما را با دقت بررسی کردیم، اما به دلیل زیر پذیرفته نشد:
    { "\u200F" }{ $text }

    اگر با این نتیجه موافق نیستید، هر نکته‌ای را که ممکن است از قلم افتاده باشد همین‌جا بنویسید؛ سرپرست می‌تواند شکایت را بازگشایی کند.
to-complainant-reopened = 🔄 شکایت { $code } بازگشایی شد و دوباره بررسی می‌شود.
answer-ask = پاسخ خود را دربارهٔ شکایت { $code } بنویسید. می‌توانید عکس یا فایل هم بفرستید.
answer-not-needed = دربارهٔ این شکایت پرسشی در انتظار پاسخ شما نیست.
answer-received = متشکریم. پاسخ شما دربارهٔ شکایت { $code } به دست کارشناسان ما رسید.
to-complainant-signature = — { $name }، کارشناس رسیدگی به شکایات

## به‌موقع بودن: هشدارها، یادآوری‌ها، گزارش روزانه
duration-days = { $count } روز
duration-hours = { $count } ساعت
duration-minutes = { $count } دقیقه
duration-joiner = و
staff-button-open = 📋 باز کردن
staff-thread-unassigned = ⏰ هنوز کسی رسیدگی به شکایت { $code } را بر عهده نگرفته است؛ { $late } است که منتظر مانده.
staff-thread-breached = 🚨 از مهلت پاسخ‌گویی به شکایت { $code }، { $late } گذشته است.
staff-thread-accepted = ✅ شاکی نتیجهٔ رسیدگی را پذیرفت؛ شکایت بسته شد.
staff-thread-not-resolved = ↩️ شاکی می‌گوید مشکلش حل نشده است؛ شکایت بازگشایی شد و به سرپرستان خبر داده شد.
staff-thread-reopened-by-complainant = 🔄 شاکی این شکایت را بازگشایی کرد.
staff-thread-waiting-expired = 🔒 شاکی به‌موقع پاسخ نداد؛ شکایت به‌طور خودکار بسته شد.
staff-thread-confirm-expired = 🔒 شاکی اعلام نکرد که مشکلش حل شده است یا نه؛ شکایت به‌طور خودکار بسته شد.
supervisor-breached = 🚨 از مهلت پاسخ‌گویی به شکایت { $code }، { $late } گذشته است.
supervisor-not-resolved = ↩️ به گفتهٔ شاکی، مشکل شکایت { $code } حل نشده است. شکایت بازگشایی شد و کارشناس مسئول آن تغییر نکرد.
supervisor-low-score = 😞 شاکی به نحوهٔ رسیدگی به شکایت { $code } نمرهٔ { DIGITS($text) } از ۵ داد.
supervisor-low-score-comment = 😞 شاکی ناراضی دربارهٔ شکایت { $code } نوشت: { $text }
assignee-at-risk = ⏳ شکایت { $code } در خطر تأخیر است: { $left } تا پایان مهلت پاسخ‌گویی مانده است.
digest =
    📊 <b>گزارش روزانهٔ شکایات</b>
    در خطر تأخیر: { $at_risk }
    گذشته از مهلت پاسخ‌گویی: { $breached }
    بدون کارشناس مسئول: { $unassigned }
    بازگشایی‌شده: { $reopened }
history-ping = هشدار مهلت پاسخ‌گویی
history-surveyed = پاسخ به نظرسنجی

## یادآوری، بستن و نظرسنجی (شاکی)
to-complainant-waiting-reminder = ⏰ یادآوری: منتظر پاسخ شما دربارهٔ شکایت { $code } هستیم. لطفاً همین‌جا پاسخ دهید.
to-complainant-waiting-expired = 🔒 پاسخی از شما دربارهٔ شکایت { $code } نگرفتیم، پس آن را بستیم. تا { $grace } دیگر می‌توانید آن را بازگشایی کنید.
to-complainant-confirm-expired = 🔒 شکایت { $code } را بستیم، چون اعلام نکردید که مشکلتان حل شده است یا نه. تا { $grace } دیگر می‌توانید آن را بازگشایی کنید.
to-complainant-survey = 🙏 شکایت { $code } بسته شد. لطفاً با پاسخ به چهار پرسش کوتاه بگویید رسیدگی ما چطور بود.
to-complainant-survey-reminder = 🙏 یادآوری: نظر شما دربارهٔ رسیدگی به شکایت { $code } به بهتر شدن کار ما کمک می‌کند.
resolution-accept = ✅ بله، حل شد
resolution-refuse = ❌ نه، حل نشد
reopen-button = 🔄 بازگشایی شکایت
resolution-accepted = متشکریم. شکایت { $code } بسته شد.
resolution-refused = متأسفیم. شکایت { $code } بازگشایی شد و سرپرست آن را بررسی می‌کند. اگر مایلید، در چند کلمه بنویسید چه چیزی هنوز درست نشده، یا «بگذریم» را بزنید.
resolution-reason-thanks = متشکریم؛ کارشناسانی که به شکایت شما رسیدگی می‌کنند آن را می‌بینند.
reopened-by-you = شکایت { $code } بازگشایی شد و دوباره بررسی می‌شود.
reopen-too-late = مهلت بازگشایی این شکایت { $date } به پایان رسید. می‌توانید شکایت تازه‌ای ثبت کنید.
survey-overall = <b>پرسش { $number } از { $total }.</b> روی‌هم‌رفته از نحوهٔ رسیدگی به شکایت { $code } چقدر راضی هستید؟ (۱ = اصلاً، ۵ = کاملاً)
survey-timeliness = <b>پرسش { $number } از { $total }.</b> مدت زمان رسیدگی قابل قبول بود؟ (۱ = اصلاً، ۵ = کاملاً)
survey-informed = <b>پرسش { $number } از { $total }.</b> در جریان روند رسیدگی قرار گرفتید؟ (۱ = اصلاً، ۵ = کاملاً)
survey-fairness = <b>پرسش { $number } از { $total }.</b> با شما منصفانه و محترمانه رفتار شد؟ (۱ = اصلاً، ۵ = کاملاً)
survey-comment = نکتهٔ دیگری هست که بخواهید بگویید؟ همین‌جا بنویسید یا «بگذریم» را بزنید.
survey-done = این نظرسنجی قبلاً تکمیل شده است. متشکریم!
survey-thanks = از پاسخ‌هایتان سپاسگزاریم؛ به بهتر شدن کار ما کمک می‌کند.
aftercare-text-please = لطفاً آن را به‌صورت متن بنویسید یا «بگذریم» را بزنید.

## Delivery: what Telegram refused for good, and why
delivery-what = { $kind ->
    [photo] عکسی
    [video] ویدیویی
    [document] فایلی
    [voice] پیام صوتی‌ای
    [audio] فایل صوتی‌ای
    [animation] انیمیشنی
    [video-note] پیام ویدیویی‌ای
    [topic] تاپیک این شکایت
   *[text] پیامی
}
delivery-why = { $reason ->
    [too-long] از اندازه‌ای که تلگرام می‌پذیرد بلندتر است
    [markup] تلگرام قالب‌بندی آن را نتوانست بخواند
    [file] تلگرام فایل را نفرستاد
    [gone] پیام یا تاپیکی که به آن تعلق دارد دیگر وجود ندارد
   *[other] تلگرام پاسخ داد: «{ $detail }»
}
staff-delivery-failed-from-complainant = ⚠️ { $what } که شاکی فرستاده بود اینجا نشان داده نشد، چون { $why }. از شاکی خواستیم آن را دوباره بفرستد.
staff-delivery-failed-to-complainant = ⚠️ { $what } که برای شاکی فرستاده شد به دستش نرسید، چون { $why }. لطفاً آن را به شکل دیگری دوباره بفرستید.
staff-delivery-failed = ⚠️ { $what } مربوط به این شکایت اینجا نرسید، چون { $why }.

## اعتماد: چه کسی اقدام می‌کند و چه چیزی به شاکی می‌رسد
staff-cannot-check = الان امکان بررسی عضویت شما در گروه کارکنان نیست، برای همین کاری انجام نشد. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.
staff-held-by-other = رسیدگی به این شکایت بر عهدهٔ { $name } است و فقط سرپرست می‌تواند آن را به کس دیگری بسپارد؛ از { $name } یا یکی از سرپرستان بخواهید آن را به شما واگذار کند.
staff-hint-not-relayed-forum = 💡 این پیام همین‌جا ماند و به شاکی نرسید. برای پاسخ به شاکی، در همین تاپیک بنویسید (نه در پاسخ به یادداشت، هشدار یا اطلاعیه) و متن، عکس، ویدیو، پیام صوتی، فایل یا گیف بفرستید.
staff-hint-not-relayed = 💡 این پیام همین‌جا ماند و به شاکی نرسید. برای پاسخ به شاکی، روی کارت شکایت یا یکی از پیام‌های خود شاکی «پاسخ» بزنید و متن، عکس، ویدیو، پیام صوتی، فایل یا گیف بفرستید.
staff-chat-public = ⚠️ این گروه کارکنان عمومی است ({ "\u2066" }@{ $username }{ "\u2069" })؛ هر کسی می‌تواند پیدایش کند و شکایت‌های داخلش را بخواند. لطفاً در تنظیمات گروه، «نوع گروه» را «خصوصی» کنید.

## پاک کردن اطلاعات شخصی شاکی
staff-card-erased-request = 🗑 <i>اطلاعات شخصی به درخواست شاکی پاک شد.</i>
staff-card-erased-retention = 🗑 <i>اطلاعات شخصی پاک شد: مدت نگهداری به پایان رسید.</i>
staff-thread-erased = 🗑 اطلاعات شخصی شاکی در شکایت { $code } به درخواست خودش پاک شد. پیام‌های پیشین او در اینجا فقط در تلگرام مانده است.
history-erased = پاک شدن اطلاعات به درخواست شاکی
history-anonymised = بی‌نام شدن: مدت نگهداری به پایان رسید
staff-held-by-other = این شکایت دست { $name } است و فقط سرپرست می‌تواند آن را از او بگیرد؛ از { $name } یا یکی از سرپرستان بخواهید آن را به شما واگذار کند.
staff-hint-not-relayed-forum = 💡 این پیام همین‌جا ماند و به شاکی نرسید. برای پاسخ به شاکی، در همین موضوع بنویسید (نه در پاسخ به یادداشت، هشدار یا اطلاعیه) و متن، عکس، ویدیو، پیام صوتی، فایل یا گیف بفرستید.
staff-hint-not-relayed = 💡 این پیام همین‌جا ماند و به شاکی نرسید. برای پاسخ به شاکی، روی کارت شکایت یا یکی از پیام‌های خودِ شاکی «پاسخ» بزنید و متن، عکس، ویدیو، پیام صوتی، فایل یا گیف بفرستید.
staff-chat-public = ⚠️ این گروه کارکنان عمومی است (@{ $username })؛ هر کسی می‌تواند پیدایش کند و شکایت‌های داخلش را بخواند. لطفاً در تنظیمات گروه، «نوع گروه» را «خصوصی» کنید.

## گزارش‌ها (/report)
report-pick = 📊 گزارش کدام بازه را می‌خواهید؟
report-button-this-week = این هفته
report-button-last-week = هفتهٔ گذشته
report-button-this-jalali-month = این ماه
report-button-last-jalali-month = ماه گذشته
report-button-this-month = این ماه میلادی
report-button-custom = بازهٔ دلخواه
report-ask-range = تاریخ آغاز و پایان را بنویسید، مثل { "\u2066" }۱۴۰۵/۰۹/۰۱ - ۱۴۰۵/۰۹/۱۵{ "\u2069" } (تاریخ میلادی هم می‌شود، مثل { "\u2066" }۲۰۲۶/۱۱/۲۲ - ۲۰۲۶/۱۲/۰۶{ "\u2069" }). هر دو روز جزو بازه‌اند. برای انصراف { COMMAND("cancel") } را بفرستید.
report-range-unreadable = دو تاریخ پیدا نکردم. لطفاً بازه را این‌طور بنویسید: { "\u2066" }۱۴۰۵/۰۹/۰۱ - ۱۴۰۵/۰۹/۱۵{ "\u2069" }
report-range-no-such-date = یکی از این دو تاریخ در تقویم نیست. لطفاً بررسی کنید و دوباره بنویسید.
report-range-backwards = تاریخ پایان پیش از تاریخ آغاز است. لطفاً اول تاریخ آغاز را بنویسید.
report-range-too-long = این بازه بیش از یک سال است. لطفاً بازهٔ کوتاه‌تری بنویسید.
report-refused = گزارش‌ها فقط برای سرپرستان و کارشناسان رسیدگی به شکایت‌هاست.
report-old-button = این دکمه دیگر کار نمی‌کند. برای گزارش تازه { COMMAND("report") } را بفرستید.
report-cannot-check = الان امکان بررسی عضویت شما در گروه کارکنان نیست. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.
report-title-full = 📊 <b>گزارش شکایت‌ها</b>
report-title-team = 📊 <b>گزارش تیم</b> (بدون نام کارشناسان)
report-period = از { $first } تا { $last }
report-new = شکایت‌های تازه: { $count }
report-by-status = بر پایهٔ وضعیت: { $list }
report-by-category = بر پایهٔ موضوع: { $list }
report-by-priority = بر پایهٔ اولویت: { $list }
report-first-response = زمان تا نخستین پاسخ: میانه { $median }، صدک ۹۰ام { $p90 } ({ $count } شکایت)
report-resolution = زمان تا رسیدگی: میانه { $median }، صدک ۹۰ام { $p90 } ({ $count } شکایت)
report-no-times = زمان تا نخستین پاسخ و رسیدگی: در این بازه موردی نبود.
report-past-target = گذشته از مهلت پاسخ‌گویی: { $count } از { $total } ({ $percent }٪)
report-reopened = نرخ بازگشایی: { $count } از { $total } ({ $percent }٪)
report-repeat = شاکیانی که بیش از یک شکایت داشتند: { $count }
report-surveys = نظرسنجی: { $answered } پاسخ از { $sent } ({ $percent }٪)
report-scores = میانگین امتیازها (از ۵): { $list }
report-category-scores = امتیاز کلی بر پایهٔ موضوع: { $list }
report-top-closed = کارشناس مسئول با بیشترین شکایت بسته‌شده: { $list }
report-top-scored = کارشناس مسئول با بهترین امتیاز: { $list }
report-none = —
report-hours = { $hours } ساعت
report-agent = کارشناس { $number }
report-question-overall = کلی
report-question-timeliness = سرعت
report-question-informed = اطلاع‌رسانی
report-question-fairness = انصاف
report-status-received = ثبت‌شده
report-status-in-progress = در حال رسیدگی
report-status-waiting = در انتظار پاسخ شاکی
report-status-resolved = رسیدگی‌شده
report-status-closed = بسته‌شده
report-status-rejected = پذیرفته‌نشده
report-status-withdrawn = پس‌گرفته‌شده
report-status-reopened = بازگشایی‌شده
report-chart-status = شکایت‌ها بر پایهٔ وضعیت
report-chart-category = شکایت‌ها بر پایهٔ موضوع
report-chart-flow = شکایت‌های تازه و بسته‌شده
report-chart-new = تازه
report-chart-closed = بسته‌شده
report-chart-times = زمان پاسخ‌گویی و رسیدگی
report-chart-first-response = تا نخستین پاسخ
report-chart-resolution = تا رسیدگی
report-chart-median = میانه
report-chart-p90 = صدک ۹۰ام
report-chart-hours = ساعت
