## The staff card and its buttons
staff-card =
    📋 <b>Complaint</b> { $code } · { $category }
    <b>Status:</b> { $status } · <b>Priority:</b> { $priority }
    <b>Assignee:</b> { $assignee }
    <b>Filed:</b> { $filed }
    <b>When:</b> { $occurred }
    <b>Where / reference number:</b> { $location }
    <b>The complainant wants:</b> { $remedy }
    <b>Attachments:</b> { $attachments }
    <b>Complainant:</b> { $reachable } · { $phone }

    { $description }
staff-card-nobody = Unassigned
staff-card-reachable = reachable in Telegram
staff-card-unreachable = ⚠️ has blocked the bot: messages can't reach them
staff-card-phone-hidden = phone given (tap “Show contact”)
staff-card-no-phone = no phone given
staff-button-take = 🙋 Take
staff-button-assign = 👥 Assign
staff-button-ask = ❓ Ask the complainant
staff-button-note = 📝 Note
staff-button-resolve = ✅ Resolve
staff-button-reject = ⛔ Reject
staff-button-escalate = ⬆️ Escalate
staff-button-priority = ⚡ Priority
staff-button-category = 🗂 Category
staff-button-contact = 📞 Show contact
staff-button-history = 📜 History
staff-button-export = 📤 Export
staff-button-reopen = 🔄 Reopen
priority-low = Low
priority-normal = Normal
priority-high = High
priority-urgent = Urgent

## Answers to staff actions
staff-taken = It's yours now.
staff-assigned = Assigned.
staff-priority-set = Priority changed.
staff-category-set = Category changed.
staff-reopened = Reopened.
staff-export-sent = The record was sent to you in a private chat.
staff-export-caption = Full record of complaint { $code }
staff-not-found = No such complaint.
staff-supervisors-only = Only supervisors can do that.
staff-refused = Only the complaints staff can use these buttons.
staff-move-not-allowed = That isn't possible while the complaint is “{ $status }”. Nothing was changed.
staff-choose-assignee = Who should handle { $code }?
staff-choose-priority = Choose the priority:
staff-choose-category = Choose the category:
staff-prompt-ask = Write the question for the complainant of { $code }, as a reply to this message.
staff-prompt-note = Write the internal note for { $code } as a reply to this message. It's never sent to the complainant.
staff-prompt-resolve = Write the resolution for the complainant of { $code }, as a reply to this message: what was decided and why.
staff-prompt-reject = Write the reason for the complainant of { $code }, as a reply to this message: why the complaint isn't upheld.
staff-prompt-escalate = Why should a supervisor look at { $code }? Reply to this message.
staff-prompt-needs-text = Please write it as text.
staff-done-ask = ❓ The question was sent; the complaint now waits for the complainant's answer.
staff-done-note = 📝 Note saved. The complainant doesn't see it.
staff-done-resolve = ✅ Resolution recorded; the complainant has been told.
staff-done-reject = ⛔ Complaint rejected; the complainant has been told.
staff-done-escalate = ⬆️ Escalated to the supervisors.
staff-command-needs-complaint = Use { COMMAND($command) } in a complaint's topic or as a reply to its card, or put the tracking code after it: { COMMAND($command) } 1234-5678-9012 …
staff-history-title = 📜 <b>History of { $code }</b>
staff-list-title = <b>Open complaints</b>, oldest first ({ $shown } of { $total }):
staff-list-line = • { $code } · { $status } · { $category } · { $filed } · { $assignee }
staff-list-empty = No open complaints match.
staff-topic-recreated = ♻️ This complaint's topic was deleted or closed, so it was opened again here. Earlier messages are in its history (📜).
staff-topic-fallback = ⚠️ Telegram wouldn't open the topic of complaint { $topic } again, so its messages come here, to the general topic, for now.

## The complaint's thread in the staff group
staff-thread-info = 📩 The complainant added information: { $text }
staff-thread-answer = 📩 The complainant answered: { $text }
staff-thread-withdrawn = ↩️ The complainant withdrew this complaint.
staff-thread-note = 📝 Note by { $actor }: { $text }
staff-thread-escalated = ⬆️ Escalated by { $actor }: { $text }
supervisor-escalated = ⬆️ Complaint { $code } was escalated to you by { $actor }: { $text }
    To open it, send /complaint with the tracking code.

## Setting up the staff group
staff-chat-id = This group's id is { $id }. Set STAFF_CHAT_ID to it to make this the staff group.
staff-group-ready = ✅ This is the staff group. Each new complaint arrives here as a card; reply to a card to answer the complainant.
staff-group-ready-forum = ✅ This is the staff group. Each new complaint gets its own topic; write in the topic to answer the complainant.
staff-group-not-configured = Hello! I'm the Dadres complaints bot, but this group isn't my staff group. To make it so, set STAFF_CHAT_ID={ $id } and restart the bot.

## History lines (the complainant sees only some of them)
history-assigned = Assigned
history-priority-changed = Priority changed
history-category-changed = Category changed
history-note = Internal note
history-message-to-complainant = We wrote to you
history-question-asked = We asked you a question
history-answer-received = You answered
history-escalated = Escalated to a supervisor
history-contact-viewed = Phone number viewed
history-exported = Record exported
history-refused = Refused: not staff
# What staff read in place of the same key (staff-<key>): the complainant in the third person
staff-status-name-waiting = Waiting for the complainant
staff-remedy-none = No preference
staff-history-info-added = The complainant added information
staff-history-message-to-complainant = Message to the complainant
staff-history-question-asked = Question to the complainant
staff-history-answer-received = The complainant answered

## Messages to the complainant
to-complainant-message = 💬 <b>{ $organisation }</b> about your complaint { $code }:

    { $text }
to-complainant-question =
    ❓ <b>{ $organisation }</b> has a question about your complaint { $code }:

    { $text }

    Tap “Answer”, or just write here, to reply.
to-complainant-answer-button = ✍️ Answer
to-complainant-in-progress = 🔧 Your complaint { $code } is now being handled. We'll message you here.
to-complainant-resolved =
    ✅ <b>We have reached a decision on your complaint { $code }.</b>

    <b>What we decided, and why:</b>
    { $text }

    Has this solved your problem? Please tap a button below.
to-complainant-rejected =
    <b>The outcome of your complaint { $code }</b>

    We looked into it carefully, but couldn't uphold it, for this reason:
    { $text }

    If you disagree, reply here with anything we may have missed; a supervisor can reopen the complaint.
to-complainant-reopened = 🔄 Your complaint { $code } has been reopened, and we'll look at it again.
answer-ask = Write your answer about complaint { $code }. You can also send a photo or a document.
answer-not-needed = There's no question waiting for your answer about this complaint.
answer-received = Thank you. Your answer about complaint { $code } has reached our staff.
to-complainant-signature = — { $name }, complaints staff

## Timeliness: pings, reminders, the digest
duration-days = { $count ->
        [one] 1 day
       *[other] { $count } days
    }
duration-hours = { $count ->
        [one] 1 hour
       *[other] { $count } hours
    }
duration-minutes = { $count ->
        [one] 1 minute
       *[other] { $count } minutes
    }
duration-joiner = ,
staff-button-open = 📋 Open
staff-thread-unassigned = ⏰ Nobody has taken complaint { $code } yet; it has waited { $late }.
staff-thread-breached = 🚨 Complaint { $code } is past its response deadline by { $late }.
staff-thread-accepted = ✅ The complainant accepted the resolution; the complaint is closed.
staff-thread-not-resolved = ↩️ The complainant says the problem isn't solved; the complaint is reopened and the supervisors are told.
staff-thread-reopened-by-complainant = 🔄 The complainant reopened this complaint.
staff-thread-waiting-expired = 🔒 The complainant didn't answer in time; the complaint was closed automatically.
staff-thread-confirm-expired = 🔒 The complainant didn't say whether the problem was solved; the complaint was closed automatically.
supervisor-breached = 🚨 Complaint { $code } is past its response deadline by { $late }.
supervisor-not-resolved = ↩️ The complainant of { $code } says the problem isn't solved. The complaint is reopened; the assignee stays.
supervisor-low-score = 😞 The complainant of { $code } rated the handling { DIGITS($text) } out of 5.
supervisor-low-score-comment = 😞 The unhappy complainant of { $code } wrote: { $text }
assignee-at-risk = ⏳ Complaint { $code } is at risk: { $left } left before its response deadline.
digest =
    📊 <b>Today's complaints digest</b>
    At risk: { $at_risk }
    Past the response deadline: { $breached }
    Unassigned: { $unassigned }
    Reopened: { $reopened }
history-ping = Response deadline ping
history-surveyed = Satisfaction survey answered

## Reminders, closing and the survey (complainant)
to-complainant-waiting-reminder = ⏰ A reminder: we're waiting for your answer about complaint { $code }. Please reply here.
to-complainant-waiting-expired = 🔒 We didn't hear back about complaint { $code }, so we've closed it. You can reopen it within { $grace }.
to-complainant-confirm-expired = 🔒 We've closed complaint { $code } because we didn't hear whether your problem was solved. You can reopen it within { $grace }.
to-complainant-survey = 🙏 Your complaint { $code } is closed. Would you tell us how we handled it? Four quick questions.
to-complainant-survey-reminder = 🙏 A reminder: your view of how we handled complaint { $code } helps us improve.
resolution-accept = ✅ Yes, it's solved
resolution-refuse = ❌ No, it isn't solved
reopen-button = 🔄 Reopen the complaint
resolution-accepted = Thank you. Complaint { $code } is now closed.
resolution-refused = We're sorry. Complaint { $code } is reopened, and a supervisor will look at it. If you like, tell us in a few words what's still wrong, or tap Skip.
resolution-reason-thanks = Thank you; the staff handling your complaint will see it.
reopened-by-you = Complaint { $code } is reopened; we'll look at it again.
reopen-too-late = The time to reopen this complaint ended on { $date }. You can file a new complaint.
survey-overall = <b>Question { $number } of { $total }.</b> Overall, how satisfied are you with how complaint { $code } was handled? (1 = not at all, 5 = completely)
survey-timeliness = <b>Question { $number } of { $total }.</b> Was the time it took acceptable? (1 = not at all, 5 = completely)
survey-informed = <b>Question { $number } of { $total }.</b> Were you kept informed? (1 = not at all, 5 = completely)
survey-fairness = <b>Question { $number } of { $total }.</b> Were you treated fairly and courteously? (1 = not at all, 5 = completely)
survey-comment = Is there anything else you'd like to tell us? Write it here, or tap Skip.
survey-done = This survey is already complete. Thank you!
survey-thanks = Thank you for your answers; they help us improve.
aftercare-text-please = Please write it as text, or tap Skip.

## Delivery: what Telegram refused for good, and why
delivery-what = { $kind ->
    [photo] A photo
    [video] A video
    [document] A file
    [voice] A voice message
    [audio] An audio file
    [animation] An animation
    [video-note] A video message
    [topic] The complaint's topic
   *[text] A message
}
delivery-why = { $reason ->
    [too-long] it's longer than Telegram allows
    [markup] Telegram couldn't read its formatting
    [file] Telegram wouldn't send the file
    [gone] the message or topic it belongs to no longer exists
   *[other] Telegram answered “{ $detail }”
}
staff-delivery-failed-from-complainant = ⚠️ { $what } that the complainant sent couldn't be shown here: { $why }. They've been asked to send it again.
staff-delivery-failed-to-complainant = ⚠️ { $what } for the complainant couldn't be delivered to them: { $why }. Please send it again in another form.
staff-delivery-failed = ⚠️ { $what } about this complaint couldn't be delivered here: { $why }.

## Trust: who acts, what reaches the complainant
staff-cannot-check = We can't check right now that you're on the complaints staff, so nothing was done. Please try again in a minute.
staff-held-by-other = { $name } is handling this complaint. Only a supervisor can hand it to someone else; ask { $name } or a supervisor to reassign it.
staff-hint-not-relayed-forum = 💡 That stayed here; the complainant didn't get it. To answer them, write in this topic (not as a reply to a note, a ping or a notice), with text, a photo, video, voice note, file or GIF.
staff-hint-not-relayed = 💡 That stayed here; the complainant didn't get it. To answer them, reply to the complaint's card or to one of the complainant's own messages, with text, a photo, video, voice note, file or GIF.
staff-chat-public = ⚠️ This staff group is public (@{ $username }): anyone can find it and read the complaints in it. Please make it private in the group's settings (Group type → Private).

## Erasure of a complainant's personal data
staff-card-erased-request = 🗑 <i>Personal data erased at the complainant's request.</i>
staff-card-erased-retention = 🗑 <i>Personal data erased: the retention period ended.</i>
staff-thread-erased = 🗑 The complainant's personal data in complaint { $code } was erased at their request. Their earlier messages here remain only in Telegram.
history-erased = Erased at the complainant's request
history-anonymised = Anonymised: the retention period ended
## Reports (/report)
report-pick = 📊 Which period would you like a report of?
report-button-this-week = This week
report-button-last-week = Last week
report-button-this-jalali-month = This Jalali month
report-button-last-jalali-month = Last Jalali month
report-button-this-month = This month
report-button-custom = Other dates
report-ask-range = Type the first and last day, like 2026-11-22 - 2026-12-06 (Jalali works too, like 1405/09/01 - 1405/09/15). Both days are included. Send /cancel to stop.
report-range-unreadable = I couldn't find two dates. Please type the period like this: 2026-11-22 - 2026-12-06
report-range-no-such-date = One of those dates isn't in the calendar. Please check and type them again.
report-range-backwards = The last day comes before the first. Please type the first day first.
report-range-too-long = That's more than a year. Please type a shorter period.
report-refused = Reports are for supervisors and the complaints staff only.
report-old-button = This button no longer works. Send /report for a new report.
report-cannot-check = I can't check right now that you're on the complaints staff. Please try again in a minute.
report-title-full = 📊 <b>Complaints report</b>
report-title-team = 📊 <b>Team report</b> (without staff names)
report-period = { $first } to { $last }
report-new = New complaints: { $count }
report-by-status = By status: { $list }
report-by-category = By category: { $list }
report-by-priority = By priority: { $list }
report-first-response = Time to first response: median { $median }, 90th percentile { $p90 } ({ $count } complaints)
report-resolution = Time to resolution: median { $median }, 90th percentile { $p90 } ({ $count } complaints)
report-no-times = Time to first response and resolution: none in this period.
report-past-target = Past their target: { $count } of { $total } ({ $percent }%)
report-reopened = Reopen rate: { $count } of { $total } ({ $percent }%)
report-repeat = Complainants with more than one complaint: { $count }
report-surveys = Surveys: { $answered } answered of { $sent } ({ $percent }%)
report-scores = Average scores (out of 5): { $list }
report-category-scores = Overall score by category: { $list }
report-top-closed = Most complaints closed: { $list }
report-top-scored = Best scores: { $list }
report-none = —
report-hours = { $hours } h
report-agent = Agent { $number }
report-question-overall = overall
report-question-timeliness = speed
report-question-informed = kept informed
report-question-fairness = fairness
report-status-received = received
report-status-in-progress = in progress
report-status-waiting = waiting for the complainant
report-status-resolved = resolved
report-status-closed = closed
report-status-rejected = rejected
report-status-withdrawn = withdrawn
report-status-reopened = reopened
report-chart-status = Complaints by status
report-chart-category = Complaints by category
report-chart-flow = New and closed complaints
report-chart-new = New
report-chart-closed = Closed
report-chart-times = Response and resolution times
report-chart-first-response = To first response
report-chart-resolution = To resolution
report-chart-median = Median
report-chart-p90 = 90th percentile
report-chart-hours = hours
