"""Everyday words residents use for what the documents call something else.

Each key is a lower-case word a person might type; the values are words the
documents use. Kept small and general: family, transport, care and money words.
"""

from knowledge.language.text import fold

SYNONYMS: dict[str, tuple[str, ...]] = {
    "föreslagit": ("förslag", "medborgarförslag", "motion"),
    "föreslog": ("förslag", "medborgarförslag", "motion"),
    "föreslå": ("förslag", "medborgarförslag", "motion"),
    "mamma": ("förälder", "föräldrar"),
    "pappa": ("förälder", "föräldrar"),
    "mammor": ("förälder",),
    "pappor": ("förälder",),
    "förlorat": ("mist", "förlorat"),
    "förlora": ("mista",),
    "dött": ("avlidit", "mist"),
    "pensionärer": ("seniorer", "äldre", "pensionärer"),
    "pensionär": ("senior", "äldre"),
    "gratis": ("gratis", "avgiftsfri", "kostnadsfri"),
    "stadsbussen": ("stadstrafik", "buss"),
    "stadsbuss": ("stadstrafik", "buss"),
    "bussen": ("buss", "busstrafik"),
    "tåget": ("tåg", "tågtrafik"),
    "tågen": ("tåg", "tågtrafik"),
    "köra": ("köras", "trafik"),
    "barnpsykiatrin": ("bup", "barn- och ungdomspsykiatri"),
    "barnpsykiatri": ("bup", "barn- och ungdomspsykiatri"),
    "vårdcentral": ("vårdcentral", "hälsocentral", "primärvård"),
    "vårdcentralen": ("vårdcentral", "hälsocentral", "primärvård"),
    "vårdcentralerna": ("vårdcentral", "hälsocentral", "primärvård"),
    "sjukhus": ("sjukhus", "lasarett"),
    "sjukhuset": ("sjukhus", "lasarett"),
    "lasarettet": ("lasarett", "sjukhus"),
    "papperslös": ("uppehållstillstånd", "asylstatus", "papperslös"),
    "papperslösa": ("uppehållstillstånd", "asylstatus", "papperslösa"),
    "organtransplantation": ("transplantation", "transplantationer"),
    "samarbetar": ("samarbete", "samverkan", "samarbetet"),
    "samarbeta": ("samarbete", "samverkan"),
    "kostar": ("kostnad", "kosta"),
    "pengar": ("medel", "kronor", "bidrag"),
    "överskott": ("överskott", "resultat"),
    "skatten": ("skattesats", "skatt"),
    "skatt": ("skattesats", "skatt"),
    "företag": ("företag", "bolag"),
    "jobb": ("arbete", "sysselsättning"),
    "parkering": ("parkering", "parkeringsplats"),
    "parkeringen": ("parkering", "parkeringsplats"),
    "ambulans": ("ambulans", "ambulanssjukvård"),
    "telefoni": ("telefoni", "telefon"),
    "mat": ("kost", "måltid", "livsmedel"),
    "coronan": ("corona", "covid", "pandemin"),
    "turism": ("besöksnäring", "turism"),
    "turismen": ("besöksnäring", "turism"),
    "turister": ("besöksnäring", "turism"),
    "pandemin": ("pandemin", "corona", "covid"),
    "badhus": ("bad", "simhall"),
    "sjukresor": ("sjukresa", "sjukresor"),
    "statistik": ("sammanställning", "statistik", "rapport"),
    "corona": ("corona", "covid", "pandemin"),
}

# The same words typed without å, ä and ö.
FOLDED_SYNONYMS: dict[str, tuple[str, ...]] = {fold(word): values for word, values in SYNONYMS.items()}
