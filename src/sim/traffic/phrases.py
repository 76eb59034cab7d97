"""What customers write: post templates per industry and kind, with the vocabulary that fills their slots.

Data only; `texts` puts it together. A post is an optional opener, a body and an optional closer. Every body
names the brand exactly once as `{brand}` (the handle when the post tags the brand, the plain name when it
does not). Other slots:

* industry words from `VOCABULARY` (`{item}`, `{service}`, `{staff}`), references from `REFERENCES` (Faker
  `bothify` patterns: `#` a digit, `?` a capital letter, `{carrier}` the brand's two-letter code);
* shared ones filled by `texts`: `{name}` (a first name), `{relative}`, `{place}` (a city), `{street}`,
  `{postcode}`, `{when}`, `{day}`, `{period}`, `{wait}` (hours to weeks), `{delay}` (minutes to hours),
  `{hour}`, `{count}`, `{amount}` (in the region's currency), `{link}`.

The tables are laid out by hand (`fmt: off`): several short phrases a line read better than one a line.

The phrases are invented; any resemblance to a real brand's customers is a resemblance to all of them.
"""

from __future__ import annotations

from typing import Final

Templates = dict[str, tuple[str, ...]]

# fmt: off
VOCABULARY: Final[dict[str, Templates]] = {
    "airline": {
        "item": (
            "bag", "suitcase", "car seat", "pushchair", "wheelchair", "guitar", "golf bag", "carry-on",
            "ski bag", "rucksack", "bike box", "cool box",
        ),
        "service": (
            "online check-in", "the app", "the website", "seat selection", "the rebooking page",
            "the refund form", "the chat", "baggage tracking", "the boarding pass download", "the help line",
        ),
        "staff": (
            "the gate agent", "the cabin crew", "the check-in desk", "the woman at the transfer desk",
            "the ground staff", "the man on the phone", "the baggage desk", "the purser",
        ),
    },
    "retail": {
        "item": (
            "sofa", "fridge", "pair of trainers", "winter coat", "phone case", "kettle", "laptop bag",
            "birthday present", "pair of school shoes", "mattress", "floor lamp", "blender", "pair of jeans",
            "bike", "office chair", "toaster",
        ),
        "service": (
            "the app", "checkout", "click and collect", "the returns portal", "the website", "tracking",
            "the loyalty card", "the chat", "the gift card page",
        ),
        "staff": (
            "the delivery driver", "the store manager", "the man on the till",
            "the woman at customer service", "the courier", "the guy on the phone", "the security guard",
        ),
    },
    "telecom": {
        "item": (
            "broadband", "mobile data", "router", "signal", "fibre", "landline", "SIM", "TV box", "wifi",
            "4G", "home phone",
        ),
        "service": (
            "the app", "my account page", "the engineer booking", "the chat", "the outage checker",
            "the bill", "the upgrade page", "the help line", "the speed test",
        ),
        "staff": (
            "the engineer", "the advisor", "the guy in the shop", "the lady on the phone", "the installer",
            "the retentions team",
        ),
    },
    "education": {
        "item": (
            "transcript", "student ID card", "timetable", "exam results", "library card", "accommodation",
            "scholarship payment", "degree certificate", "reference letter", "fee invoice",
        ),
        "service": (
            "the student portal", "the online learning platform", "the timetable app", "the payment page",
            "student email", "the library system", "the application form", "the wifi in halls",
        ),
        "staff": (
            "admissions", "the registry office", "my tutor", "student services", "the finance office",
            "the accommodation office", "the exams office", "IT support",
        ),
    },
    "luxury": {
        "item": (
            "handbag", "watch", "silk scarf", "fragrance", "leather wallet", "silk tie",
            "pair of sunglasses", "ring", "trench coat", "cashmere jumper", "bracelet", "travel trunk",
        ),
        "service": (
            "the online boutique", "appointment booking", "the repair service", "the concierge line",
            "personalisation", "gift wrapping", "the client app",
        ),
        "staff": (
            "the boutique manager", "the sales associate", "the concierge", "the repair team", "the doorman",
            "the client adviser",
        ),
    },
    "generic": {
        "item": (
            "order", "subscription", "delivery", "booking", "invoice", "refund", "appointment", "membership",
            "warranty claim", "account",
        ),
        "service": (
            "the app", "the website", "the chat", "the phone line", "my account page", "the help centre",
            "the contact form", "the login page",
        ),
        "staff": (
            "customer service", "the manager", "the support team", "the person on the phone",
            "the complaints team", "the branch staff",
        ),
    },
}
"""Words each industry's templates (and the shared spam templates) put in `{item}`, `{service}`, `{staff}`."""

REFERENCES: Final[dict[str, Templates]] = {
    "airline": {"flight": ("{carrier}###", "{carrier}####", "{carrier}##"), "booking": ("?#??#?", "??#???")},
    "retail": {"order": ("#########", "##########", "??-########")},
    "telecom": {"ticket": ("#-#########", "TKT######", "##-#######"), "account": ("ACC-########",)},
    "education": {"student_id": ("#########", "S########"), "course": ("???###", "???##?")},
    "luxury": {"order": ("LX-#######", "########"), "repair": ("R-######", "SR-#####")},
    "generic": {"case": ("#########", "CASE-######", "#######-?")},
}
"""Reference numbers a customer quotes (Faker `bothify` patterns)."""

AMOUNTS: Final[dict[str, tuple[int, int]]] = {
    "airline": (25, 900),
    "retail": (5, 600),
    "telecom": (10, 250),
    "education": (50, 9000),
    "luxury": (180, 12000),
    "generic": (5, 400),
}
"""Range of sums of money a customer of each industry mentions."""

BODIES: Final[dict[str, Templates]] = {
    "airline": {
        "complaint": (
            "{brand} flight {flight} from {place} delayed {delay} and not one update from anyone at the "
            "gate.",
            "{brand} you lost my {item} on {flight}. {wait} later the tracking page still says 'located'. "
            "Located where?",
            "Sat on the tarmac in {place} for {delay} with no water and no explanation. Thanks {brand}.",
            "{brand} cancelled {flight} by text at {hour} and rebooked me for {day}. I have a wedding to get "
            "to.",
            "{count} desks open for a full flight at {place} and a queue out the door. Well played {brand}.",
            "Paid {amount} for extra legroom on {flight} and got a seat that doesn't recline. {brand} refund "
            "please.",
            "{brand} {service} has been broken since {when}. Can't check in, can't change seats, can't do "
            "anything.",
            "My {item} came off {flight} smashed and {brand} calls it 'wear and tear'. It was new.",
            "On hold with {brand} for {delay}. The music is the worst part, and that's saying something.",
            "{brand} charged me {amount} for a {item} that flew free on the way out. Same route, same bag.",
            "Refund for {flight} promised {when}. Still nothing. Booking {booking}. {brand} what's going on?",
            "Missed my connection in {place} because {flight} was late, and {brand} wants me to pay for the "
            "hotel.",
            "{staff} at {place} was honestly rude to my mum. She asked one question. {brand} train your "
            "people.",
            "Ordered the vegetarian meal on {flight}, got nothing. {count} hours on crisps. Cheers {brand}.",
            "{brand} moved {flight} {count} times this month. At this point just tell me when you feel like "
            "flying.",
        ),
        "question": (
            "{brand} can I bring a {item} as hand luggage on {flight} or does it have to go in the hold?",
            "How do I add my middle name to booking {booking}? The site won't let me. {brand}",
            "{brand} is {flight} to {place} on time today? The app and the board say different things.",
            "Does {brand} let you change the date on a basic fare, or am I stuck with {day}?",
            "{brand} what's the baggage allowance for a baby? We're also bringing a {item}.",
            "How long do refunds usually take with {brand}? I applied {when} for booking {booking}.",
            "{brand} can a family of {count} sit together without paying for every seat?",
            "Is there a lounge at {place} I can use on a connecting ticket, {brand}?",
            "{brand} {service} keeps logging me out. Is there another way to get my boarding pass for "
            "{flight}?",
            "{brand} do I need to print anything for {flight} or is my phone enough?",
            "If {flight} is delayed by more than {delay}, am I owed anything? Asking {brand} before tonight.",
            "Can someone at {brand} tell me whether a small dog can fly in the cabin to {place}?",
        ),
        "urgent": (
            "{brand} {flight} boards in 20 minutes and the gate in {place} says my boarding pass is invalid.",
            "{brand} stranded in {place}, {flight} cancelled, no hotel, two kids, nobody at the desk.",
            "{brand} my mum needs wheelchair help off {flight} landing at {hour} and nobody has it booked. "
            "Booking {booking}.",
            "{brand} I left my passport on {flight}, we've just landed in {place}. Who do I call right now?",
            "{brand} you've charged my card {count} times for booking {booking}. Rent goes out tomorrow.",
            "My insulin is in the {item} that didn't arrive in {place}. I need it tonight. {brand}",
            "Locked out of my account, {flight} leaves at {hour} and check-in closes soon. {brand} HELP",
            "{brand} gate changed at {place} and {count} staff have told us {count} different things. Final "
            "call in ten minutes.",
        ),
        "praise": (
            "Huge thanks to {brand} and {name} at the {place} desk, who rebooked us in minutes. Legend.",
            "{brand} crew on {flight} today were brilliant with my nervous flyer. Thank you!",
            "First time my {item} has ever arrived before me. Well done {brand}.",
            "Landed early on {flight}. {brand}, I take back everything I said last time.",
            "{brand} refund came through in {wait}. Didn't expect that.",
            "Shout out to {name} on the {brand} chat, who fixed booking {booking} while I was on a train.",
            "{brand} {service} worked first time today. Small wins.",
            "Lovely flight to {place} with {brand}: kids slept, crew laughed at my jokes.",
            "Credit where it's due, {brand}: {staff} at {place} went above and beyond for my dad.",
        ),
    },
    "retail": {
        "complaint": (
            "{brand} order {order} was meant to arrive {when}. Tracking hasn't moved in {wait}.",
            "Ordered a {item} from {brand} and received an empty box. Order {order}.",
            "{brand} the driver marked my {item} as delivered. It was not delivered. I was home all day.",
            "Sent my {item} back to {brand} {wait} ago and still no refund. Order {order}.",
            "{brand} {service} charged me twice and now the page just spins.",
            "Queued {delay} at the {place} store for {brand} to tell me the {item} is out of stock. The site "
            "said in stock.",
            "{brand} dropped the price by {amount} the day after I bought my {item}. Not even a voucher?",
            "My {item} from {brand} fell apart after {count} weeks. Quality has really gone downhill.",
            "{staff} at {brand} in {place} told me returns 'aren't his problem'. Whose problem are they "
            "then?",
            "{brand} cancelled order {order} with no reason and kept my money for {wait}.",
            "Third time {brand} has sent the wrong size. I'm not doing this again.",
            "A delivery window of 7am to 9pm is not a window, {brand}, it's a day.",
            "{brand} loyalty points vanished from my account {when}. {count} years of shopping, gone.",
        ),
        "question": (
            "{brand} can I change the delivery address on order {order}? It hasn't shipped yet.",
            "Does {brand} price match if I find the {item} cheaper somewhere else?",
            "Is the {item} back in stock at the {place} store or only online? {brand}",
            "{brand} how long do I have to return a {item} I bought in the sale?",
            "What time does {brand} in {place} open on {day}?",
            "{brand} my gift card says {amount} but checkout says zero. Which one is right?",
            "Can I use {service} for a {item} or is that home delivery only, {brand}?",
            "{brand} do you deliver to {postcode}? Checkout won't take it.",
            "Can I add a gift message after ordering? Order {order}. {brand}",
            "{brand} when's the next sale? Asking before I buy this {item} at full price.",
            "Does the {item} from {brand} come assembled or is it a flat-pack afternoon?",
        ),
        "urgent": (
            "{brand} someone has used my account to place order {order}. It wasn't me, please lock it now.",
            "{brand} the {item} I bought started smoking when I plugged it in. What do I do?",
            "My card has been charged {amount} by {brand} {count} times in the last hour. Please stop it!",
            "{brand} the courier left order {order} in the street and my prescription glasses are in it.",
            "{brand} order {order} has my old address and it's out for delivery right now.",
            "{brand} the {item} you delivered today has a gas smell and my kids are home. Who do I call?",
        ),
        "praise": (
            "{name} at {brand} in {place} went to the stockroom three times to find my size. Thank you!",
            "{brand} order {order} came a day early and beautifully packed.",
            "Returned a {item} to {brand} and had the refund before I got home. That's how it's done.",
            "My {item} from {brand} in {place} is {count} years old and still looks new.",
            "{brand} {service} is so much better since the update. Took me two minutes.",
            "Shout out to {staff} from {brand} who carried my {item} up four flights of stairs.",
            "{brand} thanks for sorting the wrong-size mix-up so quickly.",
            "{name} on the {brand} chat rerouted order {order} in minutes. Brilliant.",
            "{brand} click and collect in {place} was ready in {count} hours. Easy.",
        ),
    },
    "telecom": {
        "complaint": (
            "{brand} my {item} has been down since {when}. Paying for fibre, getting nothing.",
            "{brand} bill went up {amount} this month with no warning. Read the contract, it doesn't say "
            "that.",
            "Engineer from {brand} booked for {day} 8 to 1. Nobody came. Took the day off for nothing.",
            "{brand} I've called {count} times about ticket {ticket} and I explain it from scratch every "
            "time.",
            "No {item} in {place} again. {brand} what exactly am I paying for?",
            "'Up to 500Mb' and I'm getting 3. Speed tests on request, {brand}.",
            "Tried to cancel with {brand}, got transferred {count} times and then cut off.",
            "{brand} charged me roaming in {place} when my plan says it's included.",
            "{brand} {service} says there's no outage. My router disagrees.",
            "New {item} from {brand} arrived broken, and now I'm to pay to send it back?",
            "{delay} of hold music to be told {brand} can't discuss online accounts by phone.",
            "{brand} account {account} has been billed for a TV box I returned {when}.",
        ),
        "question": (
            "{brand} is there an outage in {place}? My {item} dropped out about {delay} ago.",
            "How do I get my number released to switch networks without phoning, {brand}? Contract ends "
            "{day}.",
            "{brand} can I keep my number if I move to the {amount} SIM-only plan?",
            "When does my contract end? {service} doesn't show it. {brand}",
            "{brand} does my plan cover calls to {place}? Going there for {count} weeks.",
            "Why is there a {amount} charge called 'services' on my bill? {brand}",
            "{brand} can the engineer come after 5pm? I work days. Ticket {ticket}.",
            "Is fibre available on {street} yet, {brand}? Been asking for a year.",
            "{brand} how do I turn off the data warning? It goes off every morning at {hour}.",
            "Does {brand} give a discount if I add a second line to account {account}?",
            "{brand} my {item} drops out every evening around {hour}. Anything I can try before calling?",
            "Moving to {street} on {day}. How do I take my {item} with me, {brand}?",
            "{brand} is the {amount} upgrade fee charged once or every month?",
        ),
        "urgent": (
            "{brand} my {relative}'s landline is dead and the care alarm runs on it. Please send someone "
            "today.",
            "{brand} someone has moved my number to a new SIM without my permission. I can't get my bank "
            "codes.",
            "{brand} I run a shop in {place} and the card machines are down with the {item}. Losing money "
            "every hour.",
            "{brand} I've been charged {amount} for data in one day and my phone says I used nothing.",
            "{brand} my SIM stopped working in {place}, can't get my boarding pass or call anyone.",
            "Working from home, big presentation at {hour}, {item} gone. Any time for the fix, {brand}? "
            "Ticket {ticket}.",
            "{brand} I'm a carer and my phone has been dead since {hour}. I need a working line tonight.",
            "{brand} a {amount} charge I don't recognise just went out of account {account}. Please freeze "
            "it.",
            "{brand} your cable on {street} is hanging across the road after the storm. Someone will get "
            "hurt.",
        ),
        "praise": (
            "{name} from {brand} stayed on the chat for an hour until my {item} worked. Star.",
            "{name}, the {brand} engineer, turned up early, fixed it in 20 minutes and tidied up.",
            "Switched to {brand} and the {item} is actually what they promised. Weird feeling.",
            "{brand} thanks for the credit on my bill after the outage on {street}. Didn't even have to ask.",
            "Props to {staff} in the {brand} shop in {place} for moving all my photos over for free.",
            "{brand} {service} is brilliant now. Changed my plan in two taps.",
            "{brand} new {item} installed {when} and it's flying. Thanks {name}!",
            "Got through to {brand} in {count} minutes {when}. Who are you and what have you done with my "
            "provider?",
            "{name} from {brand} rang back exactly when she said she would. Small thing, big difference.",
            "{brand} fixed the {item} on {street} faster than promised.",
        ),
    },
    "education": {
        "complaint": (
            "{brand} {service} has been down all {period} and the assignment is due at midnight.",
            "Applied to {brand} {wait} ago. No decision, and no reply to {count} emails.",
            "{brand} charged my fees twice this term. Student ID {student_id}. Nobody answers the phone.",
            "My {item} still hasn't come from {brand} and a job offer depends on it.",
            "{brand} changed the timetable the night before with no email. Missed my first seminar.",
            "The heating in {brand} halls on {street} has been broken for {wait}. It's freezing.",
            "{staff} at {brand} sent me to {count} different offices for one signature.",
            "{brand} results were meant to be out {when}. Still nothing on the portal.",
            "Waiting {wait} for {brand} to fix my login. Can't get into anything for module {course}.",
            "Paid {amount} in fees to {brand} and the module {course} lectures are recordings from years "
            "ago.",
        ),
        "question": (
            "{brand} when does enrolment close for the {day} evening courses?",
            "Can I get a copy of my {item} sent to an address in {place}? {brand}",
            "{brand} is there parking on campus for the open day on {day}?",
            "How do I reset my password for {service}, {brand}? The link expires straight away.",
            "{brand} can I switch from {course} to another module this late in term?",
            "Does {brand} accept late applications for {course} if there's a good reason?",
            "{brand} what do I need to bring to collect my {item}?",
            "Are there bursaries for part-time students at {brand}? Can't find it on the site.",
            "{brand} who do I talk to about paying {amount} in instalments instead of all at once?",
            "{brand} is the library open on {day} during exams?",
            "Can I get my {item} before {day}, {brand}? I need it for a visa appointment in {place}.",
            "{brand} does {staff} do drop-in hours, or do I need to book?",
        ),
        "urgent": (
            "{brand} {service} crashed in the middle of my online exam and the timer is still running. What "
            "do I do?",
            "{brand} locked out of my room at {hour} and security isn't answering. Halls on {street}.",
            "{brand} my {relative} collapsed in halls on {street}, the ambulance is here and they need the "
            "door to block {count} unlocked.",
            "{brand} my visa letter was due {when} and I fly {day}. Student ID {student_id}. Please!",
            "{brand} says my fees are unpaid and I'll be unenrolled tomorrow. I paid in full and have the "
            "receipt.",
            "Fire alarm going off in {brand} halls for an hour and nobody from {staff} has come.",
            "{brand} my {item} has the wrong name on it and the deadline in {place} is {day}. Who can fix it "
            "today?",
            "{brand} the kitchen in halls on {street} is flooding and water is going under the doors. Nobody "
            "is answering.",
        ),
        "praise": (
            "{name} in {staff} at {brand} sorted my timetable clash in five minutes. Thank you!",
            "{brand} open day {when} was great, my {relative} hasn't stopped talking about it.",
            "Got my {item} from {brand} the same day I asked.",
            "Huge thanks to the {brand} library team for extending my {count} loans during exams.",
            "{brand} the new {service} is so much easier. Finally.",
            "My tutor at {brand} read my draft at {hour} on a {day}. Above and beyond.",
            "{brand} graduation {when} was perfect. Thank you {name} and all the staff.",
            "Shout out to {staff} at {brand} for sorting my {item} in {count} minutes.",
            "{name} in the {brand} library found me a copy at {hour}. Life saver.",
        ),
    },
    "luxury": {
        "complaint": (
            "Paid {amount} for a {item} from {brand} and the stitching came loose in {wait}. At that price?",
            "{brand} my {item} has been with {service} for {wait}. No updates, nothing.",
            "{staff} at {brand} in {place} looked me up and down and said nothing. Won't be back.",
            "{brand} the gift wrapping arrived crushed, and it was an anniversary present. Order {order}.",
            "{brand} engraved my wife's name wrong on the {item}. It's {count} letters.",
            "Waited {delay} past my appointment at {brand} in {place}. Not even a glass of water.",
            "{brand} repair {repair} came back with a new scratch on the {item}.",
        ),
        "question": (
            "{brand} can I book a private appointment at the {place} boutique on {day}?",
            "Is the {item} in the new colour available to order yet, {brand}?",
            "{brand} how long does engraving take? I need it by {day}.",
            "{brand} do you still service older pieces, like a {item} from the nineties?",
            "What's the return window on a {item} bought as a gift? {brand}",
            "{brand} can {service} ship order {order} to {place}?",
            "{brand} does the {item} come in a gift box if I order through {service}?",
            "Is the {place} boutique open late on {day}, {brand}?",
        ),
        "urgent": (
            "{brand} order {order}, worth {amount}, shows delivered but it's not here. Please call me now.",
            "{brand} the serial on the {item} I bought in {place} doesn't match the papers. I need answers "
            "today.",
            "{brand} my {item} was left with the concierge and now it's missing. Repair {repair}.",
        ),
        "praise": (
            "{name} at {brand} in {place} made my mum's birthday. Unforgettable service.",
            "{brand} repaired my grandfather's {item} in {wait}, like new. Can't thank you enough.",
            "The {item} my {relative} gave me from {brand} is stunning. Worth every penny.",
            "{brand} {service} was quick and the packaging was beautiful.",
            "{staff} at {brand} remembered my name from last year. That's service.",
            "{brand} the {item} reached {place} in {count} days, wrapped like a jewel.",
            "Thank you {name} at {brand} for finding the last {item} in the {place} boutique.",
        ),
    },
    "generic": {
        "complaint": (
            "{brand} I've waited {wait} for a reply to case {case}. Is anyone there?",
            "{brand} charged me {amount} for a {item} I cancelled {when}.",
            "{brand} {service} has been broken since {when}. Can't log in, can't do anything.",
            "Third email to {brand} about my {item}, third copy-and-paste answer.",
            "{brand} promised a callback {when}. Still waiting.",
            "{staff} at {brand} hung up on me. Twice.",
            "Why does it take {brand} {wait} to process a simple {item}?",
            "Worst service I've had in {place} this year, and it's from {brand}.",
        ),
        "question": (
            "{brand} how do I change the email on my account? Tried {count} times.",
            "Is {service} down or is it just me, {brand}?",
            "What are your opening hours on {day}, {brand}?",
            "{brand} can I get an invoice for my {item} for my expenses?",
            "How do I cancel my {item} with {brand}? Can't find the button.",
            "{brand} do you have a branch in {place}?",
            "{brand} is there a number I can call about case {case}?",
            "{brand} I've been charged {amount}. What is it for? Case {case}.",
            "Can I change my {item} online, {brand}, or do I have to call?",
            "{brand} when will the {item} I sent {when} be processed?",
        ),
        "urgent": (
            "{brand} someone has logged into my account from {place} and changed the password. Please lock "
            "it!",
            "{brand} you've taken {amount} from my account {count} times today. I need it back now.",
            "My {item} for today has disappeared and I have nowhere else to go. Case {case}. {brand}",
        ),
        "praise": (
            "{name} at {brand} sorted it in five minutes. Thank you!",
            "{brand} in {place}: quick, friendly, done. More of this please.",
            "Really impressed by {brand} {when}. Problem fixed before I'd finished my coffee.",
            "{brand} {service} is much better than it used to be.",
            "Thanks {brand}, and thanks {name} for the callback {when}. All sorted.",
            "{staff} at {brand} in {place} were brilliant today.",
            "{brand} my {item} was sorted in {count} minutes. Impressed.",
            "Thank you {brand}, case {case} closed and I didn't have to chase once.",
        ),
    },
}
"""Post bodies per industry and kind (spam is shared: `SPAM`)."""

SPAM: Final[tuple[str, ...]] = (
    "{brand} Want 10k real followers? DM me, only {amount} 🔥 {link}",
    "{brand} I made {amount} in one week trading from home. Ask me how 💸 {link}",
    "{brand} congratulations, you have been selected for a free gift card! Claim here {link}",
    "Check out my new mixtape!! {brand} {link}",
    "{brand} giveaway live now: send 1 get 2 back, today only {link}",
    "{brand} grow your business with our SEO package, first month {amount} {link}",
    "{brand} follow for follow? 🙏 {link}",
    "{brand} we noticed suspicious activity on your page, verify here within 24h {link}",
    "{brand} best replica {item} cheap, worldwide shipping {link}",
    "Win a free holiday to {place}! Just RT and tag {brand} 🏝️ {link}",
    "{brand} looking for brand ambassadors!! Earn {amount} a day, DM now {link}",
    "{brand} 🔥🔥🔥 {link}",
)
"""Spam: the same everywhere."""

OPENERS: Final[Templates] = {
    "complaint": (
        "", "", "", "Unbelievable.", "Honestly.", "Here we go again.", "Right.", "Not happy.",
        "Day {count} of this.", "Seriously?", "Great start to the {period}.", "So.", "Ugh.", "Wow.",
    ),
    "question": (
        "", "", "", "Hi!", "Hello!", "Quick question.", "Hi there.", "Hoping someone can help.", "Morning!",
        "Sorry if this is a silly one.", "Help please.", "Hey!", "Evening all.", "Can anyone help?",
        "Question for you.", "Hi team.",
    ),
    "urgent": (
        "", "", "PLEASE HELP.", "Urgent!!", "Need help right now.", "Please read this.", "Emergency!",
        "Anyone??", "URGENT.", "Help!", "Please, anyone.", "I need help.", "This can't wait.",
    ),
    "praise": (
        "", "", "", "Just have to say it.", "Wow.", "Credit where it's due.", "Happy customer here.",
        "Can't fault it.", "Aww.", "Good news for once.", "Honestly impressed.", "Well, well.",
        "Didn't expect to be writing this.", "Need to share this.",
    ),
    "spam": (
        "",
    ),
}
"""First words before the body, per kind ('' for none: most posts start with the body)."""

CLOSERS: Final[Templates] = {
    "complaint": (
        "", "", "", "#fail", "#customerservice", "Sort it out.", "Absolute joke.", "Not good enough.",
        "Expect better.", "😡", "Never again.", "Still waiting.", "Do better.", "Fuming.", "#neveragain",
        "Any chance of an answer?", "🙄",
    ),
    "question": (
        "", "", "", "Thanks!", "Thanks in advance.", "Cheers.", "🙏", "Any help appreciated.", "Ta.",
        "Thank you!", "x", "Much appreciated.", "Thanks a lot.", "Cheers in advance.", "Thanks so much!",
    ),
    "urgent": (
        "", "Please reply ASAP.", "Need an answer NOW.", "Please call me.", "Anyone there??", "😰",
        "Time is running out.", "Please!!", "Please hurry.", "DM me please.", "🆘", "Please help!",
        "Really need this sorted now.",
    ),
    "praise": (
        "", "", "", "❤️", "👏", "Thanks again!", "#happycustomer", "You made my day.", "Keep it up.",
        "10/10.", "🙌", "Will be back.", "Top marks.", "Great job.", "😊", "#service",
    ),
    "spam": (
        "",
    ),
}
"""Last words after the body, per kind."""

WHEN: Final[tuple[str, ...]] = (
    "this morning", "yesterday", "last night", "on Monday", "last week", "two days ago", "on Friday",
    "at the weekend", "earlier today", "a fortnight ago", "last month", "on Tuesday",
)
RELATIVES: Final[tuple[str, ...]] = (
    "son", "daughter", "niece", "nephew", "partner", "brother", "sister", "cousin", "best friend", "mum",
    "dad",
)
PERIODS: Final[tuple[str, ...]] = ("week", "day", "morning", "month", "weekend", "evening")
DAYS: Final[tuple[str, ...]] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WAITS: Final[tuple[tuple[str, int, int], ...]] = (("hours", 3, 20), ("days", 2, 15), ("weeks", 2, 7))
"""(unit, lowest, highest) of how long a customer has waited for something to be fixed or refunded."""
DELAYS: Final[tuple[tuple[str, int, int], ...]] = (("minutes", 20, 95), ("hours", 2, 9))
"""(unit, lowest, highest) of how long a customer has been kept waiting on the spot."""
CURRENCIES: Final[dict[str, str]] = {
    "GB": "£", "IE": "€", "DE": "€", "FR": "€", "ES": "€", "IT": "€", "NL": "€", "AT": "€", "BE": "€",
    "PT": "€", "FI": "€", "IN": "₹", "JP": "¥", "CN": "¥", "BR": "R$", "CH": "CHF ",
}
"""Currency symbol by the country part of a Faker locale; '$' elsewhere."""
# fmt: on
