"""Every text a user reads, in Swedish, in one place."""

CLI_DESCRIPTION = "namndbot – svar på frågor om ärenden i regionala nämnder."
ITEM_NOT_FOUND = "Hittar inget ärende med nummer {item_id}."
EMPTY_QUESTION = "Skriv en fråga, till exempel ”vad beslutades om telefoni?” eller ett diarienummer som 24RS3384."
NO_WORDS = "Jag hittar inga ord att söka på i frågan. Skriv vad du vill veta, till exempel ”avtal som löper ut 2025”."
TRUNCATED = "Frågan var lång, så jag läste bara de första {limit} tecknen."
NO_HITS = "Jag hittade inga ärenden om det."
UNDERSTOOD = "Jag sökte efter: {what}."
SUGGEST = "Prova kanske: {suggestions}."
HITS_HEADER = "{count} ärende(n) som matchar:"
NO_DATE = "okänt datum"
CASE_NUMBERS = "Dnr"
LINK = "Läs mer"
NO_LINK = "(ingen länk till mötessidan)"
WHY = "Träff på"
PART_OF = "Del av"

LABEL_TERMS = "ord"
LABEL_COMMITTEE = "nämnd"
LABEL_ORGANISATION = "organisation"
LABEL_PERIOD = "period"
LABEL_CASE = "diarienummer"
INTENT_LABELS = {
    "decision": "beslut",
    "contract_expiry": "avtal som löper ut",
    "case_lookup": "diarienummer",
    "latest": "senaste mötet",
    "browse": "möten",
    "search": "sökning",
}

CHAT_WELCOME = (
    "namndbot i terminalen. Ställ en fråga om nämndernas ärenden, till exempel:\n"
    "  vad beslutades om telefoni?\n  avtal som löper ut 2025\n  24RS3384\n"
    "Avsluta med Ctrl-D eller ”sluta”."
)
CHAT_PROMPT = "fråga> "
CHAT_BYE = "Hej då!"

NO_TOKEN = (
    "Ingen Telegram-token är satt (TELEGRAM_BOT_TOKEN).\n"
    "Skapa en bot hos @BotFather i Telegram (/newbot), sätt token i miljön eller i .env, och kör igen.\n"
    "Utan token kan du prova samma samtal i terminalen: namndbot chat\n"
    "No Telegram token set (TELEGRAM_BOT_TOKEN). Get one from @BotFather, or try `namndbot chat`."
)

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
BUTTON_FULL = "Visa hela ärendet"
BUTTON_FULL_N = "Hela ärende {n}"
PAGE = "Träff {first}–{last} av {total}"
EXPIRED = "Knappen har slutat gälla."
COMMITTEES_HEADER = "<b>Nämnder i databasen</b> (senaste möte):"
COMMITTEES_EMPTY = "Databasen har inga nämnder ännu."
SENASTE_UNKNOWN = "Jag känner inte igen nämnden ”{name}”. Se /namnder."
ABOUT = (
    "<b>Om namndbot</b>\n"
    "Svaren bygger på mötessidor (kallelser och protokoll) från {organisations}.\n"
    "Databasen har {meetings} möten med {items} ärenden, mötesdatum {first}–{last}.\n"
    "Senast uppdaterad: {ingested}.\n"
    "Kontrollera alltid beslut på mötessidan – länken finns i varje svar."
)
INLINE_NO_HITS = "Inga träffar"
INLINE_NO_HITS_DESCRIPTION = "Prova andra ord eller ett diarienummer"

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
DIGEST_NOTHING = "Inget nytt i det du bevakar sedan förra veckobrevet."
DIGEST_MORE = "+ {n} till"
WHY_TOPIC = "matchar ämnet ”{topic}”"
WHY_COMMITTEE = "från {name}"
WHY_CASE = "har diarienummer {case}"
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
UNKNOWN_COMMAND = "Det kommandot känner jag inte till. Skriv /hjalp för att se vad jag kan."

# `namndbot show` and `namndbot ingest` in the terminal
TITLE_DERIVED_NOTE = " (rubrik härledd ur texten)"
FACT_LABELS = {"amount": "Belopp", "date": "Datum i texten", "contract": "Avtalsnummer", "reference": "Hänvisning",
               "person": "Informerar"}
DATE_ROLES = {"end": "slut", "start": "start"}
INGEST_SUMMARY = (
    "Möten: {added} nya, {updated} uppdaterade, {unchanged} oförändrade. "
    "Ärenden: {items_added} nya, {items_updated} uppdaterade, {items_unchanged} oförändrade."
)
