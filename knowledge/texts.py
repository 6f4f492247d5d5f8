"""Every text a user reads, in Swedish, in one place."""

CLI_DESCRIPTION = "namndbot – svar på frågor om ärenden i regionala nämnder."
ITEM_NOT_FOUND = "Hittar inget ärende med nummer {item_id}."
TRUNCATED = "Frågan var lång, så jag läste bara de första {limit} tecknen."
NO_SURE_ANSWER = "Inget säkert svar – närliggande:"
MATCHED = "träffade på"
NO_DATE = "datum saknas på sidan"
NO_ORGANISATION = "organisationen framgår inte av sidan"
CASE_NUMBERS = "Dnr"
LINK = "Läs mer"
NO_LINK = "(länk saknas: mötessidan lästes in från en fil utan adress)"
WHY = "Träff på"
PART_OF = "Del av"
KIND_LABELS = {"decision": "beslutsärende", "information": "informationsärende", "report": "anmälningsärende",
               "routine": "formalia (justering, dagordning)", "entry": "delpost i en lista"}

# -- Answers: the header line, cards, no hits and small talk ------------------------------------
COUNT_ONE = "1 ärende"
COUNT_MANY = "{n} ärenden"
COUNT_OF = "{n} av {total} ärenden"
FROM_MEETINGS = "från {n} möten"
HEADER_TOPIC = "om {topic}"
HEADER_CASE = "med diarienummer {case}"
HEADER_LATEST = "från senaste mötet"
HEADER_LATEST_MANY = "från de senaste mötena"
HEADER_CONTRACTS = "om avtal som löper ut"
HEADER_SEP = " · "
POINT = "punkt {n}"
PARAGRAPH = "§ {n}"
PARENT_LABELS = (  # a sub-entry's card names its list by what the list is
    ("delegation", "Delegationsbeslut"),
    ("anmälningsärend", "Anmälningsärende"),
    ("anmälnings- och meddelande", "Anmälningsärende"),
    ("meddelande", "Meddelande"),
    ("motion", "Motion"),
    ("medborgarförslag", "Medborgarförslag"),
)
SUB_ENTRY = "Delpost"
NOTHING_ABOUT = "Jag hittade inget om {topic}"
NOTHING_IN = "Jag hittade inga ärenden"
NOTHING_MEETINGS = "Jag hittade inga möten"
EARLIER_PERIOD = "Inget från {asked} – det här är från {found}."
OUTSIDE_PERIOD = "Inget från {asked} – det här är från andra tider."
OUTSIDE_COMMITTEES = "Inget från {asked} – det här är från andra nämnder."
NOTHING_CASE = "Jag hittade inget ärende med diarienummer {case}"
NOTHING_SCOPE_IN = " i {scope}"
NOTHING_DURING = " under {scope}"
NOTHING_ITEM = "Jag hittade ingen {reference}"
NOTHING_UPCOMING = "Jag hittade inga kommande möten"
NOTHING_UPCOMING_FOR = " för {scope}"
UPCOMING = "kommande möten"
LATEST = "senaste mötet"
TRY = "Prova:"
SUGGEST_LATEST = "senaste mötet i {committee}"
SMALL_TALK = {
    "greeting": "Hej! Jag svarar på frågor om vad regionernas nämnder har på sina möten – beslut, avtal, "
                "upphandlingar och diarienummer. Skriv en fråga med egna ord, till exempel:",
    "thanks": "Varsågod! Fråga gärna mer, till exempel:",
    "meaning": "Fråga gärna om ärendena, till exempel:",
    "committees": "Fråga om en av dem, till exempel:",
    "who": "Jag är namndbot. Jag läser nämndernas kallelser och protokoll och svarar på frågor om ärendena "
           "där, med länk till mötessidan. Prova till exempel:",
    "empty": "Skriv en fråga med egna ord, så letar jag bland nämndernas ärenden. Till exempel:",
    "no_topic": "Jag hittar inget ämne i frågan. Skriv vad den handlar om, till exempel:",
}
INLINE_OPEN_BOT = "Inga träffar – öppna boten"
INLINE_OPEN_BOT_DESCRIPTION = "Inget om ”{query}”. Tryck för att fråga boten direkt."
INLINE_OPEN_BOT_MESSAGE = "Jag hittade inget om ”{query}”. Fråga mig direkt: https://t.me/{username}"
SENASTE_HEADER = "<b>{committee}</b>, {organisation} – möte {date}"
SENASTE_EMPTY = "Databasen har inga möten ännu."
MEETING_LINK = "Mötessidan"
MEETINGS_ASKED = "Läs själv på mötessidan:"  # nothing answers: the meeting pages of the committee and period named
MEETINGS_ASKED_MANY = "Läs själv på mötessidorna:"
MEETING_ASKED_LINE = "{committee} {date}"
MEETINGS_LISTED_ONE = "1 möte"  # "vilka möten hade servicenämnden 2024": "2 möten i Servicenämnd under 2024:"
MEETINGS_LISTED = "{n} möten"
MEETINGS_LISTED_MORE = "… och {n} till"

CHAT_WELCOME = (
    "namndbot i terminalen. Ställ en fråga om nämndernas ärenden, till exempel:\n"
    "  vad beslutades om telefoni?\n  avtal som löper ut 2025\n  24RS3384\n"
    "Avsluta med Ctrl-D eller ”sluta”."
)
CHAT_PROMPT = "fråga> "
CHAT_COMMAND_NOT_HERE = (
    "/{name} fungerar inte i terminalen; bevakningar och veckobrev finns i Telegram-boten. Här fungerar /sok, "
    "/arende, /senaste och /hjalp – eller skriv en fråga med egna ord. ”sluta” avslutar."
)
CHAT_BYE = "Hej då!"

NO_TOKEN = (
    "Ingen Telegram-token är satt (TELEGRAM_BOT_TOKEN).\n"
    "Skapa en bot hos @BotFather i Telegram (/newbot), sätt token i miljön eller i .env, och kör igen.\n"
    "Utan token kan du prova samma samtal i terminalen: namndbot chat\n"
    "No Telegram token set (TELEGRAM_BOT_TOKEN). Get one from @BotFather, or try `namndbot chat`."
)

DB_IS_DIRECTORY = "fel: --db {path} är en mapp; ange en databasfil, till exempel {path}/namndbot.db"
DB_CANNOT_OPEN = "fel: databasen {path} går inte att öppna: {reason}"
DB_EMPTY = "Databasen är tom – kör `namndbot sync` eller `namndbot ingest`"
BAD_TOKEN = (
    "fel: Telegram godtar inte token i TELEGRAM_BOT_TOKEN (ogiltig eller återkallad). "
    "Hämta en ny hos @BotFather med /token."
)
API_UNREACHABLE = "fel: når inte Bot API på {url} (TELEGRAM_API_BASE_URL): {reason}"
API_REFUSED = "fel: Bot API på {url} svarade med ett fel: {reason}"
WEBHOOK_BAD_URL = "fel: --webhook {url} är ingen adress; ange till exempel https://bot.example.org/telegram"
WEBHOOK_BAD_LISTEN = "fel: --listen {listen} ska vara VÄRD:PORT, till exempel 0.0.0.0:8443"
WEBHOOK_BAD_SECRET = "fel: --secret-token får bara innehålla A–Z, a–z, 0–9, _ och - (högst 256 tecken)"
HEALTH_OK = "ok: {meetings} möten, {items} ärenden i {path}"
CHAT_HISTORY_FILE = "chat_history"

# -- Telegram ------------------------------------------------------------------------------
START = (
    "Hej! Jag svarar på frågor om ärenden i regionala nämnder – beslut, avtal, upphandlingar och diarienummer.\n"
    "Jag känner till {meetings} möten i {committees} nämnder, från {first} till {last}.\n"
    "Skriv en fråga med egna ord, eller tryck på ett exempel:"
)
START_EMPTY = "Hej! Databasen är tom än så länge, så jag kan inte svara på frågor ännu."
EXAMPLE_QUESTIONS = ("vad beslutades om telefoni?", "avtal som löper ut 2025", "24RS3384")
HELP_INTRO = (
    "<b>Så frågar du</b>\n"
    "Skriv en fråga med egna ord, till exempel ”vad beslutades om telefoni?”, ”avtal som löper ut 2025” "
    "eller ett diarienummer som 24RS3384."
)
# The commands and their descriptions follow, from the command table in bot/app.py.
HELP_OUTRO = "I grupper svarar jag när du nämner mig eller svarar på mina meddelanden."
SOK_USAGE = "Skriv vad du söker efter kommandot, till exempel: /sok telefoni"
ARENDE_USAGE = "Skriv ett diarienummer efter kommandot, till exempel: /arende 24RS3384"
ARENDE_BAD = "”{text}” ser inte ut som ett diarienummer. Skriv till exempel 24RS3384 eller RS/341/2023."
ARENDE_NOT_FOUND = "Jag hittar inget ärende med diarienummer {case}."
RATE_LIMITED = "Du ställer många frågor på kort tid. Vänta en liten stund och försök igen."
ERROR = "Något gick fel när jag skulle svara. Försök igen om en stund."
NON_TEXT = "Jag kan bara läsa text. Skriv din fråga med ord, till exempel ”avtal som löper ut 2025”."
BUTTON_MORE = "Fler ▶"
BUTTON_PREV = "◀ Föregående"
BUTTON_FULL_N = "Hela ärende {n}"
PAGE = "Träff {first}–{last} av {total}"
EXPIRED = "Knappen har slutat gälla."
COMMITTEES_HEADER = "<b>Nämnder i databasen</b> (senaste möte):"
COMMITTEES_EMPTY = "Databasen har inga nämnder ännu."
COMMITTEES_LIST = "Nämnder i databasen (senaste möte):"
COMMITTEE_LINE = "• {name} – {organisation} ({date})"
COMMITTEES_MORE = "… och {n} till."
SENASTE_UNKNOWN = "Jag känner inte igen nämnden ”{name}”. Se /namnder."
ABOUT = (
    "<b>Om namndbot</b>\n"
    "Svaren bygger på mötessidor (kallelser och protokoll) från {organisations}.\n"
    "Databasen har {meetings} möten med {items} ärenden, mötesdatum {first}–{last}.\n"
    "Senast uppdaterad: {ingested}.\n"
    "Kontrollera alltid beslut på mötessidan – länken finns i varje svar."
)

# -- Subscriptions and digest ----------------------------------------------------------------
SUB_USAGE = (
    "Skriv vad du vill bevaka efter kommandot: ett ämne (/prenumerera telefoni), "
    "en nämnd (/prenumerera servicenämnden) eller ett diarienummer (/prenumerera 24RS3384)."
)
SUB_NO_WORDS = "Jag hittar inget att bevaka i det du skrev. Prova ett ämnesord, en nämnd eller ett diarienummer."
SUB_TOO_MANY = "Du kan ha högst {limit} bevakningar. Ta bort någon med /mina först."
SUB_PICK_COMMITTEE = "Vilken nämnd vill du bevaka? Eller skriv /prenumerera följt av ett ämne eller diarienummer."
SUB_CONFIRM = (
    "Klart! Du bevakar nu {what}.\n"
    "Varje {day} kl. {time} får du ett meddelande om nya ärenden som {rule}. Sluta med /avsluta."
)
SUB_RULES = {
    "topic": "innehåller orden ”{value}” (även böjningar och sammansättningar)",
    "committee": "kommer från {value}",
    "case": "har diarienummer {value}",
}
SUB_KIND_LABELS = {"topic": "Ämne", "committee": "Nämnd", "case": "Diarienummer"}
SUB_PREVIEW = "Så här hade det senaste veckobrevet kunnat se ut:"
SUB_PREVIEW_EMPTY = "Inget i databasen matchar ännu – du får besked när något nytt kommer."
SUB_ADMIN_ONLY = "I grupper kan bara gruppens administratörer ändra bevakningar."
SUB_LIST_HEADER = "<b>Dina bevakningar</b>{paused}:"
SUB_LIST_PAUSED = " (pausade)"
SUB_LIST_EMPTY = "Du bevakar inget. Börja med /prenumerera telefoni."
SUB_REMOVE_BUTTON = "Ta bort {n}"
SUB_REMOVED = "Bevakningen ”{label}” är borttagen."
SUB_REMOVED_ALL = "Alla dina bevakningar ({n}) är borttagna."
SUB_NOT_FOUND = "Hittar ingen bevakning med nummer {n}. Se /mina."
SUB_AVSLUTA_USAGE = "Skriv /avsluta följt av numret från /mina, eller /avsluta alla."
SUB_PAUSED = "Veckobrevet är pausat. Starta igen med /fortsatt."
SUB_RESUMED = "Veckobrevet är igång igen."
SUB_NOT_SUBSCRIBER = "Du har inga bevakningar. Börja med /prenumerera."
DELETE_CONFIRM = "Vill du ta bort allt som sparats om den här chatten – bevakningar och leveranser?"
DELETE_YES = "Ja, radera"
DELETE_NO = "Nej"
DELETED = "Allt som sparats om den här chatten är raderat."
DELETE_CANCELLED = "Inget raderades."
DIGEST_HEADER = "<b>Veckobrev v. {week}</b> · {count}\n{subscriptions}"
DIGEST_COUNT = "{n} nya ärenden"
DIGEST_COUNT_ONE = "1 nytt ärende"
DIGEST_ALL_HEADER = "<b>Alla {n} ärenden i veckobrevet</b>"
BUTTON_DIGEST_ALL = "Visa alla"
BUTTON_DIGEST_EDIT = "Ändra bevakningar"
BUTTON_DIGEST_PAUSE = "Pausa"
DIGEST_UNCONFIRMED = "Telegram svarade inte i tid; brevet kan ha kommit fram och skickas inte igen"
DIGEST_PENDING = "Veckobrevet till {chat} väntar till nästa körning: {reason}"
DIGEST_FIRST = (
    "Inget nytt ännu i det du bevakar. Det första veckobrevet kommer {day} {date} kl. {time} "
    "med allt nytt sedan du började bevaka."
)
DIGEST_NOTHING = "Inget nytt i det du bevakar sedan förra veckobrevet."
DIGEST_MORE = "+ {n} till"
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
UNKNOWN_COMMAND = "Det kommandot känner jag inte till. Skriv /hjalp för att se vad jag kan."

# `namndbot show` and `namndbot ingest` in the terminal
TITLE_DERIVED_NOTE = " (rubrik härledd ur texten)"
FACT_LABELS = {"amount": "Belopp", "count": "Antal", "date": "Datum i texten", "contract": "Avtalsnummer",
               "reference": "Hänvisning", "person": "Informerar"}
DATE_ROLES = {"end": "slut", "start": "start"}
INGEST_SUMMARY = (
    "Möten: {added} nya, {updated} uppdaterade, {unchanged} oförändrade. "
    "Ärenden: {items_added} nya, {items_updated} uppdaterade, {items_unchanged} oförändrade."
)

# -- What the words of the papers mean: "vad är ett delegationsbeslut?" ------------------------------
GLOSSARY = {
    "nämnd": "En nämnd är en grupp förtroendevalda politiker som ansvarar för ett område i regionen, till exempel "
             "hälso- och sjukvård eller kollektivtrafik.",
    "regionfullmäktige": "Regionfullmäktige är regionens högsta beslutande församling, vald av invånarna. Där "
                         "beslutas bland annat om budget, skatt och mål.",
    "regionstyrelse": "Regionstyrelsen leder och samordnar regionens arbete, har uppsikt över nämnderna och "
                      "bereder ärendena till regionfullmäktige.",
    "utskott": "Ett utskott är en mindre grupp ledamöter inom en nämnd eller styrelse, som bereder ärenden eller "
               "beslutar på nämndens uppdrag.",
    "sammanträde": "Ett sammanträde är ett möte där en nämnd behandlar och beslutar om ärenden.",
    "ärende": "Ett ärende är en fråga som en nämnd behandlar på ett sammanträde, en punkt på dagordningen.",
    "diarienummer": "Ett diarienummer (dnr) är det nummer ett ärende får när det registreras, till exempel "
                    "24RS3384. Med det kan du följa ärendet och begära ut dess handlingar.",
    "delegationsbeslut": "Ett delegationsbeslut fattas av en tjänsteperson, ordföranden eller ett utskott på "
                         "nämndens uppdrag. Det anmäls sedan till nämnden, som inte beslutar om det på nytt.",
    "anmälningsärende": "Ett anmälningsärende anmäls till nämnden för kännedom, till exempel en skrivelse, ett "
                        "protokoll eller en dom. Nämnden beslutar inte i sak om det.",
    "meddelande": "Ett meddelande är en handling som anmäls till nämnden för kännedom. Nämnden beslutar inte i sak "
                  "om det.",
    "kallelse": "Kallelsen skickas ut före ett sammanträde med dagordningen: de ärenden som ska behandlas.",
    "dagordning": "Dagordningen (föredragningslistan) är listan över de ärenden som ett sammanträde ska behandla, i "
                  "tur och ordning.",
    "protokoll": "Protokollet säger vad som beslutades på ett sammanträde. Det gäller när det har justerats.",
    "justering": "Justering betyder att protokollet granskas och godkänns, oftast av ordföranden och en utsedd "
                 "justerare. Sedan anslås det, och då börjar tiden för att överklaga besluten.",
    "paragraf": "En paragraf (§) är ett numrerat avsnitt i protokollet, ett för varje ärende.",
    "motion": "En motion är ett förslag från en eller flera ledamöter i fullmäktige om något som regionen bör göra.",
    "medborgarförslag": "Ett medborgarförslag är ett förslag som en invånare lämnar till regionen. Fullmäktige "
                        "eller en nämnd besvarar det.",
    "interpellation": "En interpellation är en skriftlig fråga från en ledamot i fullmäktige till ett regionråd "
                      "eller en ordförande, som besvaras och debatteras på sammanträdet.",
    "remiss": "En remiss är ett förslag som regionen får tycka till om, till exempel från en myndighet eller ett "
              "departement. Regionens svar kallas remissvar eller yttrande.",
    "yttrande": "Ett yttrande är regionens eller nämndens synpunkter i en fråga, ofta som svar på en remiss.",
    "ledamot": "En ledamot är en förtroendevald som sitter i en nämnd eller i fullmäktige och röstar i besluten.",
    "ersättare": "En ersättare tjänstgör i en ledamots ställe när ledamoten inte kan vara med.",
    "presidium": "Presidiet är ordföranden och vice ordförandena i en nämnd eller i fullmäktige tillsammans.",
    "reservation": "En reservation är när en ledamot i protokollet anmäler att hen inte står bakom ett beslut.",
    "yrkande": "Ett yrkande är ett förslag till beslut som en ledamot lägger fram på sammanträdet.",
    "votering": "Votering betyder omröstning: ledamöterna röstar om vilket förslag som blir beslutet.",
}
# Other names of the same words
GLOSSARY_NAMES = {"dnr": "diarienummer", "föredragningslista": "dagordning", "ärendelista": "dagordning",
                  "fullmäktige": "regionfullmäktige", "styrelse": "regionstyrelse", "§": "paragraf",
                  "anmälan": "anmälningsärende", "möte": "sammanträde", "delegeringsbeslut": "delegationsbeslut",
                  "omröstning": "votering", "remissvar": "yttrande"}
