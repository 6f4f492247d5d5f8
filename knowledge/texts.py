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
