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

    اگر مشکلتان حل نشده است، همین‌جا بنویسید یا از «شکایت‌های من» اطلاعات تکمیلی بفرستید تا دوباره بررسی کنیم.
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
