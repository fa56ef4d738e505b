## Commands (the menu Telegram shows next to the text field)
command-start = Start, and choose a language
command-status = Check a complaint's status
command-mine = My complaints
command-language = Change the language
command-help = How this works
command-privacy = What we keep about you, and why
command-cancel = Stop what you're doing

## Main menu
menu-new-complaint = 📝 New complaint
menu-status = 🔎 Check status
menu-mine = 📂 My complaints
menu-help = ❓ Help
menu-language = 🌐 فارسی / English
menu-placeholder = Choose from the menu

## Buttons used everywhere
button-back = ⬅️ Back
button-cancel = ✖️ Cancel
button-skip = ⏭ Skip
button-continue = Continue ▶️
button-done = ✅ Done
button-next = Next ▶️
button-previous = ◀️ Previous
callback-stale = This button belongs to an earlier message. Please use the buttons on the latest one.

## Start, help, privacy, language
start-greeting =
    Hello! This is the complaints desk of <b>{ $organisation }</b>.
    Tell us what went wrong and we'll look into it. It's free, and we answer within { $response_time }.
    What you tell us stays confidential and is used only to handle your complaint (/privacy).
language-offer =
    Choose your language:
    زبان خود را انتخاب کنید:
language-choose = Which language would you like?
language-set = Done: we'll speak English from now on.
language-switch-offer = It looks like you're writing in English. Would you like to continue in English?
language-switch-button = Continue in English
help-text =
    <b>How the { $organisation } complaints desk works</b>

    📝 <b>New complaint</b>: we ask a few short questions (what happened, when, where, what you'd like us to do, and how to reach you), show you a summary, and once you confirm, you get a <b>tracking code</b>.
    🔎 <b>Check status</b>: send your tracking code, in any digits, with or without dashes.
    📂 <b>My complaints</b>: everything you've filed; from there you can add information or withdraw a complaint.

    We answer within { $response_time }. Filing a complaint is free.
    /cancel stops whatever you're doing; /privacy explains what we keep and why.
privacy-text =
    <b>Your data and your complaint</b>

    <b>What we keep:</b> your Telegram account id, the name and phone number you give us (the phone number is optional), your complaint and its attachments, and a dated record of everything done about it.
    <b>Why:</b> only to handle your complaint and to keep you informed about it.
    <b>Who sees it:</b> our complaints staff. Someone who has your tracking code can see only the current stage, and only after giving the last four digits of your phone number; never the complaint itself.
    <b>What we never do:</b> sell your data, or use it for advertising.
    You can withdraw a complaint at any time under “My complaints”.
cancel-done = Stopped; nothing was sent. What can we do for you?
cancel-nothing = There was nothing to stop. What can we do for you?
time-minutes = { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }
time-hours = { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    }
time-days = { $days ->
        [one] 1 day
       *[other] { $days } days
    }

time-working-minutes = { $minutes ->
        [one] 1 working minute
       *[other] { $minutes } working minutes
    }
time-working-hours = { $hours ->
        [one] 1 working hour
       *[other] { $hours } working hours
    }
time-working-days = { $days ->
        [one] 1 working day
       *[other] { $days } working days
    }

## Intake
intake-started = Let's file your complaint. It takes about two minutes; you can go back at any step, or stop with /cancel.
intake-ask-category = <b>Step 1 of 8.</b> What is your complaint about?
intake-ask-description =
    <b>Step 2 of 8.</b> What happened? Please tell us, with as much detail as you can (at least 10 characters).
    If you have photos, voice notes, videos or documents, you can send them too.
intake-description-too-short = That's a little short. Please describe what happened in at least { $min } characters.
intake-description-too-long = That's { $length } characters, and the limit is { $max }. Please shorten it, or send the rest later as additional information.
intake-description-needed = Please send a description or a file first.
intake-attachment-received = 📎 Received. Send more files or a description, or tap Continue.
intake-attachments-full = You've attached { $max } files, which is the limit. Please continue with a description.
intake-ask-date = <b>Step 3 of 8.</b> When did it happen? Tap a button, or type the date, for example 2026-11-24.
intake-date-today = Today
intake-date-yesterday = Yesterday
intake-date-unreadable = We couldn't read that date. Please type it like 2026-11-24 (or in the Persian calendar, like 1405/9/3), or tap a button.
intake-date-not-a-date = That date doesn't exist in the calendar. Please check the day and month.
intake-date-future = That date is still to come. Please give the date it happened.
intake-date-too-old = That date is more than ten years ago. Please check the year.
intake-ask-location = <b>Step 4 of 8.</b> Where did it happen? If you have an order number or another reference (an account or a branch), add it too; otherwise tap Skip.
intake-text-too-long = Please keep this under { $max } characters.
intake-ask-remedy = <b>Step 5 of 8.</b> What would you like us to do?
remedy-refund = Refund
remedy-repair = Repair or replacement
remedy-explanation = An explanation or an apology
remedy-compensation = Compensation
remedy-other = Something else
remedy-none = No preference
intake-ask-remedy-other = Please tell us in a few words what you would like us to do.
intake-ask-name = <b>Step 6 of 8.</b> Please type your full name, or keep the one below.
intake-keep-name = Keep “{ $name }”
intake-name-invalid = Please type your name (at most { $max } characters).
intake-ask-phone =
    <b>Step 7 of 8.</b> If you give us a phone number, we can call you when messages aren't enough, and you can check the status from another account. It's optional.
    Tap “Share my number”, type it, or tap Skip.
intake-share-phone = 📱 Share my number
intake-phone-saved = ✅ Phone number saved.
intake-phone-skipped = That's fine, we'll continue without a phone number.
intake-phone-invalid = That doesn't look like a phone number. Please type it like 0912 123 4567 or +98 912 123 4567, or tap Skip.
intake-phone-not-yours = That's someone else's contact. Please share your own number, type it, or tap Skip.
intake-phone-share-unsupported = Your Telegram app didn't share the number. Please type it instead, or tap Skip.
intake-ask-consent = <b>Step 8 of 8.</b> To handle your complaint we need to keep the details you gave and share them with our complaints staff. Do you agree? (What we keep and why: /privacy)
intake-consent-agree = ✅ I agree
intake-consent-privacy = 🔒 Read the privacy notice
intake-going-back = Going back.
intake-summary =
    <b>Please check your complaint before sending it</b>

    <b>Category:</b> { $category }
    <b>What happened:</b> { $description }
    <b>Attachments:</b> { $attachments }
    <b>When:</b> { $occurred }
    <b>Where / reference number:</b> { $location }
    <b>What you'd like:</b> { $remedy }
    <b>Name:</b> { $name }
    <b>Phone number:</b> { $phone }
summary-not-given = —
intake-confirm = ✅ Send my complaint
intake-edit = ✏️ Change something
intake-ask-field = What would you like to change?
field-category = Category
field-description = What happened
field-occurred-on = When
field-location = Where / reference number
field-remedy = What you'd like
field-name = Name
field-phone = Phone number
intake-back-to-summary = ⬅️ Back to the summary
intake-cancelled = Your complaint wasn't sent, and the draft is deleted. You can start again at any time.
intake-unexpected = We can't use that here. Please answer the question below.
intake-command-during = You're in the middle of filing a complaint. Please finish it first, or stop with /cancel.
intake-already-filed = This complaint has already been sent.
intake-acknowledgement =
    ✅ <b>Your complaint has been filed.</b>

    Tracking code: { $code }
    Please note this code down: you'll need it to check the status.

    Filed: { $filed }
    Response deadline: { $due }

    To check the status, tap “🔎 Check status” or send /status with the code. We'll also message you here whenever something changes.

## Status
status-ask-code = Please send the tracking code (12 digits, like 1234-5678-9012).
status-code-malformed = A tracking code has 12 digits, like 1234-5678-9012. Please check and send it again.
status-code-typo = This code has a typo: one digit is wrong or two are swapped. Please check it and send it again.
status-ask-digits = To protect the complainant's privacy, please send the last four digits of the phone number given with this complaint.
status-digits-invalid = Please send exactly four digits.
status-no-match = No complaint matches this tracking code and phone number. Please check both and try again.
status-locked = Too many unsuccessful attempts. Please try again from { $time }.
status-stranger =
    <b>Current stage:</b> { $status }
    <b>Since:</b> { $since }
status-name-received = Filed
status-name-in-progress = Being handled
status-name-waiting = Waiting for your answer
status-name-resolved = Resolved
status-name-closed = Closed
status-name-rejected = Not upheld
status-name-withdrawn = Withdrawn
status-name-reopened = Reopened
card-owner =
    <b>Complaint</b> { $code }
    <b>Category:</b> { $category }
    <b>Filed:</b> { $filed }
    <b>Status:</b> { $status }
    { $next }

    <b>History</b>
    { $history }
card-next-first-response = <b>Next:</b> we'll answer by { $due } at the latest.
card-next-in-progress = <b>Next:</b> our staff are working on it; we'll message you here.
card-next-waiting = <b>Next:</b> we're waiting for your answer to our question.
card-next-finished = <b>This complaint is finished.</b>
history-line = • { $when } — { $what }
history-filed = Complaint filed
history-info-added = You added information
card-add-information = ➕ Add information
card-withdraw = ↩️ Withdraw
card-back-to-list = ⬅️ Back to my complaints

## My complaints, adding information, withdrawing
mine-title = <b>Your complaints</b> ({ $total }), page { $page } of { $pages }. Tap one to open it.
mine-item = { $code } · { $category } · { $status }
mine-empty = You haven't filed any complaints yet. Tap “📝 New complaint” to start.
complaint-not-open = This complaint is { $status }, so it can't be changed any more.
follow-up-ask = Send the information to add to complaint { $code }: text, photos, voice notes, videos or documents. Tap Done when you have finished.
follow-up-added = ➕ Added to your complaint. Send more, or tap Done.
follow-up-unexpected = We can add text, photos, voice notes, videos or documents. Please send one of those, or tap Done.
follow-up-closed = This complaint is closed, so nothing more can be added. You can file a new complaint.
follow-up-done = Thank you. The staff handling your complaint will see what you added.
follow-up-too-many = You've sent us a lot in the last hour, and our staff need time to read it. Everything you sent before is kept and has reached them, but this last message wasn't passed on: please send it again from { $time }.
withdraw-confirm = Are you sure you want to withdraw complaint { $code }? We'll stop working on it.
withdraw-yes = Yes, withdraw it
withdraw-no = No, keep it open
withdraw-choose = Please tap one of the buttons: withdraw the complaint, or keep it.
withdraw-done = Complaint { $code } has been withdrawn. Thank you for letting us know.
withdraw-kept = Your complaint stays open; we're still working on it.

## After a decision: the reason for Not resolved, the survey's comment
aftercare-skip-hint = What you write next goes to our staff just as it is. If you'd rather not, tap Skip; a command such as /status or /cancel also ends this step.

## Anything else
fallback-text = Sorry, we didn't understand that. Please choose from the menu below.
fallback-unknown-command = We don't know that command. Please choose from the menu below, or see /help.
fallback-other = We can only read text, buttons and files here. Please choose from the menu below.
error-update-failed = Sorry, something went wrong on our side while handling your last message. Your earlier answers are kept. Please try again in a moment.
error-storage-down = Sorry, we're having a brief technical problem. Your answers are kept; please try again in a moment.
delivery-failed-to-staff = ⚠️ { $what } that you sent about complaint { $code } couldn't be passed on to our staff: { $why }. Please send it again, for example as another file or as text.

## A complainant's own data: /mydata, /forget, how long we keep it
command-mydata = A copy of everything we keep about you
command-forget = Erase your personal data
privacy-retention =
    <b>How long we keep it:</b> once a complaint is finished, its personal details are kept for { $days } days and then erased; only figures for statistics remain (category, dates, how long it took, survey scores).
    /mydata sends you a copy of everything we keep about you; /forget erases it.
privacy-private-only = For your privacy, /mydata and /forget work only in a private chat with me.
mydata-caption = 📦 Everything we keep about you, to read. The .json file has the same, for computers.
mydata-caption-json = The same data as JSON.
mydata-text-title = Everything we keep about you — as of { $at }
mydata-text-profile =
    Your profile
    Telegram account id: { $id }
    Name: { $name }
    Phone: { $phone }
    First contact: { $since }
mydata-text-no-complaints = You have filed no complaints.
mydata-text-complaint =
    Complaint { $code } — { $category } — { $status }
    Filed: { $filed }
    When it happened: { $occurred }
    Where: { $location }
    What you asked for: { $remedy }
    Name given: { $name }
    Phone given: { $phone }
    What you wrote:
mydata-text-handled-by = Handled by: { $name }
mydata-text-history = History:
mydata-text-survey = Your survey answers (1–5): overall { $overall }, timeliness { $timeliness }, keeping you informed { $informed }, fairness { $fairness }
mydata-text-lookups = Status lookups by your account kept at the moment (we keep them for a day): { $count }
mydata-file-kind = { $kind ->
    [photo] Photo
    [video] Video
    [voice] Voice message
    [audio] Audio file
    [animation] Animation
    [video-note] Video message
   *[document] File
}
forget-confirm =
    <b>Erase your personal data?</b>
    If you confirm, we erase at once your name, your phone number and your Telegram account (a random number stands in for it), and from your { $count ->
        [one] complaint
       *[other] { $count } complaints
    } the description, place, attachments, everything you wrote to us and your survey comment.
    We keep only figures for statistics: category, dates, how long each step took and survey scores. Our staff will see that the data was erased at your request.
    After this we can't find your complaints any more, and their tracking codes show nothing about you. If you write again, you start afresh.
    Telegram keeps its own copies of the messages in this chat and in our staff group; a bot can't erase those. You can delete this chat yourself.
forget-confirm-none =
    <b>Erase your personal data?</b>
    You have filed no complaints. If you confirm, we erase at once your name, your phone number and your Telegram account, and everything else kept under it. If you write again, you start afresh.
    Telegram keeps its own copies of the messages in this chat; a bot can't erase those. You can delete this chat yourself.
forget-confirm-open =
    <b>Erase your personal data?</b>
    You still have { $count ->
        [one] an open complaint
       *[other] { $count } open complaints
    } ({ $codes }). To erase your data we must first withdraw { $count ->
        [one] it
       *[other] them
    }: we stop working on { $count ->
        [one] it
       *[other] them
    }.
    Then we erase at once your name, your phone number and your Telegram account (a random number stands in for it), and from every complaint the description, place, attachments, everything you wrote to us and your survey comment. We keep only figures for statistics: category, dates, how long each step took and survey scores. Our staff will see that the data was erased at your request.
    Telegram keeps its own copies of the messages in this chat and in our staff group; a bot can't erase those. You can delete this chat yourself.
forget-erase = 🗑 Yes, erase my data
forget-withdraw-and-erase = ↩️🗑 Withdraw them and erase my data
forget-keep = Keep my data
forget-kept = Nothing was erased. Your data stays as it was.
forget-stale = This question is no longer current: nothing was changed. Send /forget to ask again.
forget-staff = You're on our staff, so what you did on complaints stays on record. Please ask the organisation to erase your data.
forget-done-short = Your data has been erased.
forget-done = 🗑 Done: we have erased your personal data. Thank you for having used our complaints desk. If you write again, you start afresh.
