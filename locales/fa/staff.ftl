## کارت کارکنان و دکمه‌هایش
staff-card =
    📋 <b>شکایت</b> { $code } · { $category }
    <b>وضعیت:</b> { $status } · <b>اولویت:</b> { $priority }
    <b>مسئول:</b> { $assignee }
    <b>ثبت:</b> { $filed }
    <b>زمان رخداد:</b> { $occurred }
    <b>مکان / شمارهٔ پیگیری:</b> { $location }
    <b>خواستهٔ شاکی:</b> { $remedy }
    <b>پیوست‌ها:</b> { $attachments }
    <b>شاکی:</b> { $reachable } · { $phone }

    { $description }
staff-card-nobody = هنوز کسی نیست
staff-card-reachable = در تلگرام در دسترس است
staff-card-unreachable = ⚠️ ربات را مسدود کرده است: پیام‌ها به او نمی‌رسد
staff-card-phone-hidden = شماره داده است («نمایش تماس» را بزنید)
staff-card-no-phone = شماره‌ای نداده است
staff-button-take = 🙋 برداشتن
staff-button-assign = 👥 واگذاری به…
staff-button-ask = ❓ پرسش از شاکی
staff-button-note = 📝 یادداشت
staff-button-resolve = ✅ رسیدگی شد
staff-button-reject = ⛔ رد شکایت
staff-button-escalate = ⬆️ ارجاع به سرپرست
staff-button-priority = ⚡ اولویت
staff-button-category = 🗂 موضوع
staff-button-contact = 📞 نمایش تماس
staff-button-history = 📜 سابقه
staff-button-export = 📤 خروجی
staff-button-reopen = 🔄 بازگشایی
priority-low = کم
priority-normal = عادی
priority-high = زیاد
priority-urgent = فوری

## پاسخ به اقدام‌های کارکنان
staff-taken = این شکایت اکنون با شماست.
staff-assigned = واگذار شد.
staff-priority-set = اولویت تغییر کرد.
staff-category-set = موضوع تغییر کرد.
staff-reopened = بازگشایی شد.
staff-export-sent = پرونده در گفت‌وگوی خصوصی برایتان فرستاده شد.
staff-export-caption = پروندهٔ کامل شکایت { $code }
staff-not-found = چنین شکایتی وجود ندارد.
staff-supervisors-only = فقط سرپرستان می‌توانند این کار را بکنند.
staff-refused = فقط کارکنان رسیدگی به شکایات می‌توانند از این دکمه‌ها استفاده کنند.
staff-move-not-allowed = در وضعیت «{ $status }» این کار ممکن نیست. چیزی تغییر نکرد.
staff-choose-assignee = رسیدگی به { $code } با چه کسی باشد؟
staff-choose-priority = اولویت را انتخاب کنید:
staff-choose-category = موضوع را انتخاب کنید:
staff-prompt-ask = پرسش خود از شاکیِ { $code } را در پاسخ به همین پیام بنویسید.
staff-prompt-note = یادداشت داخلی { $code } را در پاسخ به همین پیام بنویسید. این یادداشت هرگز برای شاکی فرستاده نمی‌شود.
staff-prompt-resolve = نتیجهٔ رسیدگی را برای شاکیِ { $code } در پاسخ به همین پیام بنویسید: چه تصمیمی گرفته شد و چرا.
staff-prompt-reject = دلیل را برای شاکیِ { $code } در پاسخ به همین پیام بنویسید: چرا شکایت وارد دانسته نشد.
staff-prompt-escalate = چرا سرپرست باید { $code } را ببیند؟ در پاسخ به همین پیام بنویسید.
staff-prompt-needs-text = لطفاً آن را به‌صورت متن بنویسید.
staff-done-ask = ❓ پرسش فرستاده شد؛ شکایت اکنون در انتظار پاسخ شاکی است.
staff-done-note = 📝 یادداشت ثبت شد. شاکی آن را نمی‌بیند.
staff-done-resolve = ✅ رسیدگی‌شده ثبت شد و به شاکی خبر داده شد.
staff-done-reject = ⛔ رد شد و به شاکی خبر داده شد.
staff-done-escalate = ⬆️ به سرپرستان ارجاع شد.
staff-command-needs-complaint = /{ $command } را در موضوعِ شکایت، در پاسخ به کارت آن، یا همراه کدش به کار ببرید: /{ $command } 1234-5678-9012 …
staff-history-title = 📜 <b>سابقهٔ { $code }</b>
staff-list-title = <b>شکایت‌های باز</b>، قدیمی‌ترین اول ({ $shown } از { $total }):
staff-list-line = • { $code } · { $status } · { $category } · { $filed } · { $assignee }
staff-list-empty = شکایت بازی با این مشخصات نیست.
staff-topic-recreated = ♻️ موضوعِ این شکایت پاک یا بسته شده بود، پس دوباره همین‌جا بازش کردم. پیام‌های پیشین در سابقهٔ آن هست (📜).
staff-topic-fallback = ⚠️ تلگرام موضوعِ شکایت { $topic } را دوباره باز نکرد، پس فعلاً پیام‌های آن همین‌جا در موضوع «عمومی» می‌آید.

## رشتهٔ شکایت در گروه کارکنان
staff-thread-info = 📩 شاکی اطلاعات تکمیلی فرستاد: { $text }
staff-thread-answer = 📩 پاسخ شاکی: { $text }
staff-thread-withdrawn = ↩️ شاکی این شکایت را پس گرفت.
staff-thread-note = 📝 یادداشتِ { $actor }: { $text }
staff-thread-escalated = ⬆️ ارجاع به سرپرست توسط { $actor }: { $text }
supervisor-escalated = ⬆️ شکایت { $code } را { $actor } به شما ارجاع داد: { $text }
    با /complaint و کد شکایت آن را باز کنید.

## راه‌اندازی گروه کارکنان
staff-chat-id = شناسهٔ این گروه { $id } است. برای اینکه گروه کارکنان باشد، STAFF_CHAT_ID را برابر آن بگذارید.
staff-group-ready = ✅ اینجا گروه کارکنان است. هر شکایت تازه به‌صورت یک کارت اینجا می‌آید؛ برای پاسخ به شاکی، به کارت پاسخ دهید.
staff-group-ready-forum = ✅ اینجا گروه کارکنان است. هر شکایت تازه موضوع جداگانه‌ای دارد؛ برای پاسخ به شاکی در همان موضوع بنویسید.
staff-group-not-configured = سلام! من ربات رسیدگی به شکایات دادرس هستم. این گروه، گروه کارکنان من نیست. برای این کار STAFF_CHAT_ID={ $id } را تنظیم کنید و مرا دوباره راه بیندازید.

## سطرهای سابقه (شاکی فقط بخشی را می‌بیند)
history-assigned = واگذاری
history-priority-changed = تغییر اولویت
history-category-changed = تغییر موضوع
history-note = یادداشت داخلی
history-message-to-complainant = برایتان نوشتیم
history-question-asked = از شما پرسشی کردیم
history-answer-received = پاسخ دادید
history-escalated = ارجاع به سرپرست
history-contact-viewed = مشاهدهٔ شماره تلفن
history-exported = خروجی پرونده
history-refused = رد دسترسی: از کارکنان نیست

## پیام‌ها به شاکی
to-complainant-message = 💬 <b>{ $organisation }</b> دربارهٔ شکایت { $code }:

    { $text }
to-complainant-question =
    ❓ <b>{ $organisation }</b> دربارهٔ شکایت { $code } پرسشی دارد:

    { $text }

    برای پاسخ «پاسخ دادن» را بزنید (یا همین‌جا بنویسید).
to-complainant-answer-button = ✍️ پاسخ دادن
to-complainant-in-progress = 🔧 رسیدگی به شکایت { $code } آغاز شد. همین‌جا خبرتان می‌کنیم.
to-complainant-resolved =
    ✅ <b>به شکایت { $code } رسیدگی شد.</b>

    <b>تصمیم ما و دلیل آن:</b>
    { $text }

    آیا مشکل شما حل شد؟ لطفاً یکی از دکمه‌های زیر را بزنید.
to-complainant-rejected =
    <b>تصمیم دربارهٔ شکایت { $code }</b>

    شکایت شما را با دقت بررسی کردیم و به این دلیل نمی‌توانیم آن را وارد بدانیم:
    { $text }

    اگر موافق نیستید، هر نکته‌ای را که شاید از قلم افتاده همین‌جا بنویسید؛ سرپرست می‌تواند شکایت را بازگشایی کند.
to-complainant-reopened = 🔄 شکایت { $code } بازگشایی شد و دوباره بررسی می‌شود.
answer-ask = پاسخ خود را دربارهٔ شکایت { $code } بنویسید. می‌توانید عکس یا فایل هم بفرستید.
answer-not-needed = دربارهٔ این شکایت پرسش بازی وجود ندارد.
answer-received = سپاس. پاسخ شما دربارهٔ شکایت { $code } به کارکنان رسیدگی‌کننده رسید.
to-complainant-signature = — { $name }، کارشناس رسیدگی به شکایات

## به‌موقع بودن: هشدارها، یادآوری‌ها، گزارش روزانه
duration-days = { $count } روز
duration-hours = { $count } ساعت
duration-minutes = { $count } دقیقه
duration-joiner = و
staff-button-open = 📋 باز کردن
staff-thread-unassigned = ⏰ هنوز کسی شکایت { $code } را برنداشته است؛ { $late } است که منتظر مانده.
staff-thread-breached = 🚨 مهلت رسیدگی به شکایت { $code } { $late } است که گذشته.
staff-thread-accepted = ✅ شاکی نتیجهٔ رسیدگی را پذیرفت؛ شکایت بسته شد.
staff-thread-not-resolved = ↩️ شاکی می‌گوید مشکلش حل نشده است؛ شکایت بازگشایی شد و به سرپرستان خبر داده شد.
staff-thread-reopened-by-complainant = 🔄 شاکی این شکایت را بازگشایی کرد.
staff-thread-waiting-expired = 🔒 شاکی به‌موقع پاسخ نداد؛ شکایت خودکار بسته شد.
staff-thread-confirm-expired = 🔒 شاکی نگفت که مشکلش حل شده است یا نه؛ شکایت خودکار بسته شد.
supervisor-breached = 🚨 مهلت رسیدگی به شکایت { $code } { $late } است که گذشته.
supervisor-not-resolved = ↩️ شاکیِ { $code } می‌گوید مشکلش حل نشده است. شکایت بازگشایی شد و مسئول آن تغییر نکرد.
supervisor-low-score = 😞 شاکیِ { $code } به نحوهٔ رسیدگی نمرهٔ { $text } از ۵ داد.
supervisor-low-score-comment = 😞 شاکیِ ناراضیِ { $code } نوشت: { $text }
assignee-at-risk = ⏳ شکایت { $code } در خطر تأخیر است: { $left } تا پایان مهلت مانده.
digest =
    📊 <b>گزارش روزانهٔ شکایات</b>
    در خطر تأخیر: { $at_risk }
    گذشته از مهلت: { $breached }
    بدون مسئول: { $unassigned }
    بازگشایی‌شده: { $reopened }
history-ping = هشدار به‌موقع بودن
history-surveyed = پاسخ به نظرسنجی

## یادآوری، بستن و نظرسنجی (شاکی)
to-complainant-waiting-reminder = ⏰ یادآوری: منتظر پاسخ شما دربارهٔ شکایت { $code } هستیم. لطفاً همین‌جا پاسخ دهید.
to-complainant-waiting-expired = 🔒 از شما دربارهٔ شکایت { $code } پاسخی نگرفتیم، پس آن را بستیم. تا { $grace } می‌توانید آن را بازگشایی کنید.
to-complainant-confirm-expired = 🔒 شکایت { $code } را بستیم، چون نگفتید که مشکلتان حل شده است یا نه. تا { $grace } می‌توانید آن را بازگشایی کنید.
to-complainant-survey = 🙏 شکایت { $code } بسته شد. می‌گویید چطور به آن رسیدگی کردیم؟ چهار پرسش کوتاه.
to-complainant-survey-reminder = 🙏 یادآوری: نظر شما دربارهٔ رسیدگی به شکایت { $code } به بهتر شدن کار ما کمک می‌کند.
resolution-accept = ✅ بله، حل شد
resolution-refuse = ❌ نه، حل نشد
reopen-button = 🔄 بازگشایی شکایت
resolution-accepted = سپاس. شکایت { $code } بسته شد.
resolution-refused = متأسفیم. شکایت { $code } بازگشایی شد و سرپرست آن را بررسی می‌کند. اگر بخواهید، در چند کلمه بنویسید چه چیزی هنوز درست نشده، یا «رد شدن» را بزنید.
resolution-reason-thanks = سپاس؛ کارکنانی که به شکایت شما رسیدگی می‌کنند آن را می‌بینند.
reopened-by-you = شکایت { $code } بازگشایی شد و دوباره بررسی می‌شود.
reopen-too-late = مهلت بازگشایی این شکایت { $date } به پایان رسید. می‌توانید شکایت تازه‌ای ثبت کنید.
survey-overall = <b>پرسش { $number } از { $total }.</b> روی هم رفته از نحوهٔ رسیدگی به شکایت { $code } چقدر راضی هستید؟ (۱ = اصلاً، ۵ = کاملاً)
survey-timeliness = <b>پرسش { $number } از { $total }.</b> زمانی که رسیدگی طول کشید قابل قبول بود؟ (۱ = اصلاً، ۵ = کاملاً)
survey-informed = <b>پرسش { $number } از { $total }.</b> در جریان کار قرار گرفتید؟ (۱ = اصلاً، ۵ = کاملاً)
survey-fairness = <b>پرسش { $number } از { $total }.</b> با شما منصفانه و محترمانه رفتار شد؟ (۱ = اصلاً، ۵ = کاملاً)
survey-comment = نکتهٔ دیگری هست که بخواهید بگویید؟ همین‌جا بنویسید یا «رد شدن» را بزنید.
survey-done = این نظرسنجی قبلاً کامل شده است. سپاس!
survey-thanks = از پاسخ‌هایتان سپاسگزاریم؛ به بهتر شدن کار ما کمک می‌کند.
aftercare-text-please = لطفاً آن را به‌صورت متن بنویسید یا «رد شدن» را بزنید.

## Delivery: what Telegram refused for good, and why
delivery-what = { $kind ->
    [photo] عکسی
    [video] ویدیویی
    [document] فایلی
    [voice] پیام صوتی‌ای
    [audio] فایل صوتی‌ای
    [animation] انیمیشنی
    [video-note] پیام ویدیویی‌ای
    [topic] موضوعِ این شکایت
   *[text] پیامی
}
delivery-why = { $reason ->
    [too-long] از اندازه‌ای که تلگرام می‌پذیرد بلندتر است
    [markup] تلگرام قالب‌بندی آن را نتوانست بخواند
    [file] تلگرام فایل را نفرستاد
    [gone] پیام یا موضوعی که به آن تعلق دارد دیگر وجود ندارد
   *[other] تلگرام پاسخ داد: «{ $detail }»
}
staff-delivery-failed-from-complainant = ⚠️ { $what } که شاکی فرستاده بود اینجا نشان داده نشد، چون { $why }. از شاکی خواستیم آن را دوباره بفرستد.
staff-delivery-failed-to-complainant = ⚠️ { $what } که برای شاکی فرستاده شد به دستش نرسید، چون { $why }. لطفاً آن را به شکل دیگری دوباره بفرستید.
staff-delivery-failed = ⚠️ { $what } مربوط به این شکایت اینجا نرسید، چون { $why }.

## اعتماد: چه کسی اقدام می‌کند و چه چیزی به شاکی می‌رسد
staff-cannot-check = الان امکان بررسی عضویت شما در گروه کارکنان نیست، برای همین کاری انجام نشد. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.
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
report-ask-range = تاریخ آغاز و پایان را بنویسید، مثل ۱۴۰۵/۰۹/۰۱ - ۱۴۰۵/۰۹/۱۵ (تاریخ میلادی هم می‌شود، مثل 2026-11-22 - 2026-12-06). هر دو روز جزو بازه‌اند. برای انصراف ‎/cancel‎ را بفرستید.
report-range-unreadable = دو تاریخ پیدا نکردم. لطفاً بازه را این‌طور بنویسید: ۱۴۰۵/۰۹/۰۱ - ۱۴۰۵/۰۹/۱۵
report-range-no-such-date = یکی از این دو تاریخ در تقویم نیست. لطفاً بررسی کنید و دوباره بنویسید.
report-range-backwards = تاریخ پایان پیش از تاریخ آغاز است. لطفاً اول تاریخ آغاز را بنویسید.
report-range-too-long = این بازه بیش از یک سال است. لطفاً بازهٔ کوتاه‌تری بنویسید.
report-refused = گزارش‌ها فقط برای سرپرستان و کارکنان رسیدگی به شکایات است.
report-old-button = این دکمه دیگر کار نمی‌کند. برای گزارش تازه ‎/report‎ را بفرستید.
report-cannot-check = الان امکان بررسی عضویت شما در گروه کارکنان نیست. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.
report-title-full = 📊 <b>گزارش شکایت‌ها</b>
report-title-team = 📊 <b>گزارش تیم</b> (بدون نام کارشناسان)
report-period = از { $first } تا { $last }
report-new = شکایت‌های تازه: { $count }
report-by-status = بر پایهٔ وضعیت: { $list }
report-by-category = بر پایهٔ دسته: { $list }
report-by-priority = بر پایهٔ اولویت: { $list }
report-first-response = زمان تا نخستین پاسخ: میانه { $median }، صدک ۹۰ام { $p90 } ({ $count } شکایت)
report-resolution = زمان تا رسیدگی: میانه { $median }، صدک ۹۰ام { $p90 } ({ $count } شکایت)
report-no-times = زمان تا نخستین پاسخ و رسیدگی: در این بازه موردی نبود.
report-past-target = گذشته از مهلت پاسخ‌گویی: { $count } از { $total } ({ $percent }٪)
report-reopened = نرخ بازگشایی: { $count } از { $total } ({ $percent }٪)
report-repeat = شاکیانی که بیش از یک شکایت داشتند: { $count }
report-surveys = نظرسنجی: { $answered } پاسخ از { $sent } ({ $percent }٪)
report-scores = میانگین امتیازها (از ۵): { $list }
report-category-scores = امتیاز کلی بر پایهٔ دسته: { $list }
report-top-closed = کارشناس مسئول با بیشترین شکایت بسته‌شده: { $list }
report-top-scored = کارشناس مسئول با بهترین امتیاز: { $list }
report-none = —
report-hours = { $hours } ساعت
report-agent = کارشناس { $number }
report-question-overall = کلی
report-question-timeliness = سرعت
report-question-informed = اطلاع‌رسانی
report-question-fairness = انصاف
report-status-received = دریافت‌شده
report-status-in-progress = در حال رسیدگی
report-status-waiting = در انتظار پاسخ شاکی
report-status-resolved = رسیدگی‌شده
report-status-closed = بسته‌شده
report-status-rejected = ردشده
report-status-withdrawn = پس‌گرفته
report-status-reopened = بازگشایی‌شده
report-chart-status = شکایت‌ها بر پایهٔ وضعیت
report-chart-category = شکایت‌ها بر پایهٔ دسته
report-chart-flow = شکایت‌های تازه و بسته‌شده
report-chart-new = تازه
report-chart-closed = بسته‌شده
report-chart-times = زمان پاسخ‌گویی و رسیدگی
report-chart-first-response = تا نخستین پاسخ
report-chart-resolution = تا رسیدگی
report-chart-median = میانه
report-chart-p90 = صدک ۹۰ام
report-chart-hours = ساعت
