"""Demo content: the seed article "Klastry", real-looking clusters, companies, offers and services.

Everything is looked up by slug within its locale before it is created, so running the demo
command twice leaves the same content.
"""

import datetime

from django.utils import timezone

from wagtail.rich_text import RichText

from articles.models import ArticlePage, ArticleRelatedCluster
from clusters.models import ClusterMember, ClusterPage
from registry.models import Company, Offer, Sector

from .brand import ensure_agency_settings
from .legal import ensure_legal_pages
from .structure import ensure_locales, ensure_site_structure, publish, translate_page

SECTORS = [
    # slug, Polish name, English name
    ("przemysl-metalowy", "Przemysł metalowy", "Metal industry"),
    ("tworzywa-sztuczne", "Tworzywa sztuczne", "Plastics"),
    ("technologie-medyczne", "Technologie medyczne", "Medical technology"),
    ("tekstylia-i-moda", "Tekstylia i moda", "Textiles and fashion"),
    ("gospodarka-morska", "Gospodarka morska", "Maritime economy"),
    ("lotnictwo", "Lotnictwo", "Aviation"),
    ("energia-odnawialna", "Energia odnawialna", "Renewable energy"),
    ("technologie-informacyjne", "Technologie informacyjne", "Information technology"),
    ("doradztwo-biznesowe", "Doradztwo biznesowe", "Business consulting"),
    ("badania-i-rozwoj", "Badania i rozwój", "Research and development"),
]

COMPANIES = [
    {
        "slug": "stowarzyszenie-bydgoski-klaster-przemyslowy",
        "name": "Stowarzyszenie Bydgoski Klaster Przemysłowy",
        "legal_form": "association",
        "nip": "5540123453",
        "regon": "534640973",
        "krs": "0000295476",
        "pkd_codes": "94.12.Z",
        "street": "ul. Bydgoskich Przemysłowców 6",
        "postal_code": "85-862",
        "city": "Bydgoszcz",
        "voivodeship": "kujawsko-pomorskie",
        "size": "micro",
        "website": "https://www.bkp.example.pl",
        "email": "biuro@bkp.example.pl",
        "phone": "+48 52 000 10 10",
        "sectors": ["przemysl-metalowy", "tworzywa-sztuczne"],
        "description": "<p>Stowarzyszenie koordynujące Bydgoski Klaster Przemysłowy, najstarszą inicjatywę "
        "klastrową województwa kujawsko-pomorskiego.</p>",
        "en": {
            "name": "Bydgoszcz Industrial Cluster Association",
            "slug": "bydgoszcz-industrial-cluster-association",
            "description": "<p>The association that coordinates the Bydgoszcz Industrial Cluster, the oldest "
            "cluster initiative in the Kuyavian-Pomeranian region.</p>",
        },
    },
    {
        "slug": "torunska-agencja-rozwoju-regionalnego",
        "name": "Toruńska Agencja Rozwoju Regionalnego S.A.",
        "legal_form": "sa",
        "nip": "8790165431",
        "regon": "302466331",
        "krs": "0000051241",
        "pkd_codes": "70.22.Z, 82.99.Z",
        "street": "ul. Włocławska 167",
        "postal_code": "87-100",
        "city": "Toruń",
        "voivodeship": "kujawsko-pomorskie",
        "size": "medium",
        "website": "https://www.tarr.example.pl",
        "email": "tarr@tarr.example.pl",
        "phone": "+48 56 699 54 00",
        "sectors": ["doradztwo-biznesowe"],
        "description": "<p>Agencja rozwoju regionalnego, Biuro sieci Enterprise Europe Network i Punkt "
        "Kontaktowy dla Klastrów.</p>",
        "en": {
            "name": "Toruń Regional Development Agency",
            "slug": "torun-regional-development-agency",
            "description": "<p>A regional development agency, an Enterprise Europe Network office and the "
            "contact point for clusters.</p>",
        },
    },
    {
        "slug": "metalplast-bydgoszcz",
        "name": "Metalplast Bydgoszcz Sp. z o.o.",
        "legal_form": "spzoo",
        "nip": "9532456780",
        "regon": "629923120",
        "krs": "0000123456",
        "pkd_codes": "25.62.Z, 22.29.Z",
        "street": "ul. Przemysłowa 14",
        "postal_code": "85-758",
        "city": "Bydgoszcz",
        "voivodeship": "kujawsko-pomorskie",
        "size": "medium",
        "website": "https://metalplast.example.pl",
        "email": "oferty@metalplast.example.pl",
        "phone": "+48 52 000 20 20",
        "sectors": ["przemysl-metalowy", "tworzywa-sztuczne"],
        "description": "<p>Obróbka skrawaniem CNC, formy wtryskowe i detale z tworzyw sztucznych.</p>",
        "en": {
            "name": "Metalplast Bydgoszcz",
            "slug": "metalplast-bydgoszcz",
            "description": "<p>CNC machining, injection moulds and plastic parts.</p>",
        },
    },
    {
        "slug": "optimed-torun",
        "name": "Optimed Toruń Sp. z o.o.",
        "legal_form": "spzoo",
        "nip": "9560012345",
        "regon": "973669468",
        "krs": "0000234567",
        "pkd_codes": "32.50.Z",
        "street": "ul. Szosa Chełmińska 30",
        "postal_code": "87-100",
        "city": "Toruń",
        "voivodeship": "kujawsko-pomorskie",
        "size": "small",
        "website": "https://optimed.example.pl",
        "email": "kontakt@optimed.example.pl",
        "phone": "",
        "contact_public": False,
        "sectors": ["technologie-medyczne"],
        "description": "<p>Narzędzia chirurgiczne i powłoki antybakteryjne dla szpitali.</p>",
    },
    {
        "slug": "tkaniny-lodzkie",
        "name": "Tkaniny Łódzkie S.A.",
        "legal_form": "sa",
        "nip": "7251876549",
        "regon": "164808947",
        "krs": "0000345678",
        "pkd_codes": "13.20.B, 14.13.Z",
        "street": "ul. Piotrkowska 220",
        "postal_code": "90-368",
        "city": "Łódź",
        "voivodeship": "lodzkie",
        "size": "large",
        "website": "https://tkaniny.example.pl",
        "email": "handel@tkaniny.example.pl",
        "phone": "+48 42 000 30 30",
        "sectors": ["tekstylia-i-moda"],
        "description": "<p>Producent tkanin technicznych i odzieżowych z tradycją sięgającą XIX wieku.</p>",
        "en": {
            "name": "Tkaniny Łódzkie",
            "slug": "tkaniny-lodzkie",
            "description": "<p>A maker of technical and clothing fabrics with roots in the 19th century.</p>",
        },
    },
    {
        "slug": "instytut-technologii-materialow",
        "name": "Instytut Technologii Materiałów",
        "legal_form": "institute",
        "nip": "5862123453",
        "regon": "197222331",
        "krs": "",
        "pkd_codes": "72.19.Z",
        "street": "ul. Wólczańska 215",
        "postal_code": "90-924",
        "city": "Łódź",
        "voivodeship": "lodzkie",
        "size": "medium",
        "website": "https://itm.example.pl",
        "email": "sekretariat@itm.example.pl",
        "phone": "+48 42 000 40 40",
        "sectors": ["badania-i-rozwoj", "tekstylia-i-moda"],
        "description": "<p>Badania materiałowe, testy wytrzymałościowe i certyfikacja wyrobów.</p>",
    },
    {
        "slug": "baltic-ship-services",
        "name": "Baltic Ship Services Sp. z o.o.",
        "legal_form": "spzoo",
        "nip": "8133456789",
        "regon": "819248654",
        "krs": "0000456789",
        "pkd_codes": "33.15.Z",
        "street": "ul. Portowa 8",
        "postal_code": "81-350",
        "city": "Gdynia",
        "voivodeship": "pomorskie",
        "size": "medium",
        "website": "https://balticship.example.pl",
        "email": "office@balticship.example.pl",
        "phone": "+48 58 000 50 50",
        "sectors": ["gospodarka-morska"],
        "description": "<p>Remonty i wyposażanie statków, usługi stoczniowe.</p>",
    },
    {
        "slug": "aerotech-rzeszow",
        "name": "AeroTech Rzeszów Sp. z o.o.",
        "legal_form": "spzoo",
        "nip": "8992678903",
        "regon": "226339203",
        "krs": "0000567890",
        "pkd_codes": "30.30.Z",
        "street": "ul. Lotnicza 2",
        "postal_code": "35-082",
        "city": "Rzeszów",
        "voivodeship": "podkarpackie",
        "size": "large",
        "website": "https://aerotech.example.pl",
        "email": "rfq@aerotech.example.pl",
        "phone": "+48 17 000 60 60",
        "sectors": ["lotnictwo", "tworzywa-sztuczne"],
        "description": "<p>Elementy konstrukcji lotniczych z kompozytów i stopów lekkich.</p>",
    },
    {
        "slug": "solarwro",
        "name": "SolarWro Sp. z o.o.",
        "legal_form": "spzoo",
        "nip": "7270122225",
        "regon": "590819355",
        "krs": "0000678901",
        "pkd_codes": "35.11.Z, 71.12.Z",
        "street": "ul. Legnicka 55",
        "postal_code": "54-203",
        "city": "Wrocław",
        "voivodeship": "dolnoslaskie",
        "size": "small",
        "website": "https://solarwro.example.pl",
        "email": "biuro@solarwro.example.pl",
        "phone": "+48 71 000 70 70",
        "sectors": ["energia-odnawialna"],
        "description": "<p>Projektowanie instalacji fotowoltaicznych i magazynów energii.</p>",
        "en": {
            "name": "SolarWro",
            "slug": "solarwro",
            "description": "<p>Design of photovoltaic installations and energy storage.</p>",
        },
    },
    {
        "slug": "softwise-krakow",
        "name": "Softwise Kraków Sp. z o.o.",
        "legal_form": "spzoo",
        "nip": "6762345686",
        "regon": "882204828",
        "krs": "0000789012",
        "pkd_codes": "62.01.Z",
        "street": "ul. Lea 114",
        "postal_code": "30-133",
        "city": "Kraków",
        "voivodeship": "malopolskie",
        "size": "micro",
        "website": "https://softwise.example.pl",
        "email": "hello@softwise.example.pl",
        "phone": "+48 12 000 80 80",
        "sectors": ["technologie-informacyjne"],
        "description": "<p>Oprogramowanie dla przemysłu: systemy MES i integracja maszyn.</p>",
    },
]

_today = timezone.localdate()
_next_year = _today.replace(year=_today.year + 1)

OFFERS = [
    {
        "slug": "obrobka-cnc-krotkie-serie",
        "title": "Obróbka CNC elementów metalowych w krótkich seriach",
        "kind": "business_offer",
        "company": "metalplast-bydgoszcz",
        "summary": "Oferujemy toczenie i frezowanie CNC detali ze stali i aluminium w seriach od 10 sztuk.",
        "sectors": ["przemysl-metalowy"],
        "cooperation_types": ["subcontracting", "manufacturing"],
        "valid_until": _next_year,
        "en": {
            "title": "Short-run CNC machining of metal parts",
            "slug": "short-run-cnc-machining",
            "summary": "CNC turning and milling of steel and aluminium parts in runs from 10 pieces.",
        },
    },
    {
        "slug": "dystrybutor-tkanin-niemcy",
        "title": "Poszukujemy dystrybutora tkanin technicznych w Niemczech",
        "kind": "business_request",
        "company": "tkaniny-lodzkie",
        "summary": "Producent tkanin technicznych szuka dystrybutora na rynku niemieckim i austriackim.",
        "sectors": ["tekstylia-i-moda"],
        "cooperation_types": ["distribution", "commercial"],
        "valid_until": _next_year,
    },
    {
        "slug": "powloki-antybakteryjne",
        "title": "Powłoki antybakteryjne do narzędzi chirurgicznych",
        "kind": "technology_offer",
        "company": "optimed-torun",
        "summary": "Opatentowana technologia powłok z jonami srebra, gotowa do licencjonowania.",
        "sectors": ["technologie-medyczne"],
        "cooperation_types": ["licence", "technical"],
        "valid_until": None,
    },
    {
        "slug": "recykling-kompozytow-lotniczych",
        "title": "Technologia recyklingu kompozytów lotniczych",
        "kind": "technology_request",
        "company": "aerotech-rzeszow",
        "summary": "Szukamy technologii odzysku włókna węglowego z odpadów produkcyjnych.",
        "sectors": ["lotnictwo", "tworzywa-sztuczne"],
        "cooperation_types": ["technical", "licence"],
        "valid_until": _next_year,
    },
    {
        "slug": "partner-badawczy-magazyny-energii",
        "title": "Partner badawczy do projektu magazynowania energii",
        "kind": "rd_request",
        "company": "solarwro",
        "summary": "Szukamy uczelni lub instytutu do wspólnego projektu B+R nad magazynami ciepła.",
        "sectors": ["energia-odnawialna", "badania-i-rozwoj"],
        "cooperation_types": ["research"],
        "valid_until": _next_year,
        "en": {
            "title": "Research partner for an energy storage project",
            "slug": "research-partner-energy-storage",
            "summary": "We are looking for a university or institute for a joint R&D project on heat storage.",
        },
    },
    {
        "slug": "audyt-efektywnosci-energetycznej",
        "title": "Audyt efektywności energetycznej zakładów produkcyjnych",
        "kind": "service",
        "company": "solarwro",
        "summary": "Pomiar zużycia energii, raport z rekomendacjami i wsparcie w pozyskaniu dotacji.",
        "sectors": ["energia-odnawialna", "doradztwo-biznesowe"],
        "cooperation_types": ["commercial"],
        "valid_until": None,
        "en": {
            "title": "Energy efficiency audits of factories",
            "slug": "energy-efficiency-audits",
            "summary": "Energy measurements, a report with recommendations and help with grant applications.",
        },
    },
    {
        "slug": "doradztwo-fundusze-ue",
        "title": "Doradztwo w pozyskiwaniu funduszy unijnych",
        "kind": "service",
        "company": "torunska-agencja-rozwoju-regionalnego",
        "summary": "Pomagamy przedsiębiorstwom i klastrom przygotować wnioski o dofinansowanie.",
        "sectors": ["doradztwo-biznesowe"],
        "cooperation_types": ["commercial"],
        "valid_until": None,
    },
    {
        "slug": "testy-wytrzymalosciowe-materialow",
        "title": "Testy wytrzymałościowe materiałów",
        "kind": "service",
        "company": "instytut-technologii-materialow",
        "summary": "Akredytowane laboratorium: rozciąganie, ścieranie, odporność na temperaturę.",
        "sectors": ["badania-i-rozwoj"],
        "cooperation_types": ["technical", "research"],
        "valid_until": None,
    },
    {
        # Expired on purpose: the site, the API and search must not show it.
        "slug": "wolne-moce-wtryskarek-2025",
        "title": "Wolne moce produkcyjne wtryskarek — IV kwartał 2025",
        "kind": "business_offer",
        "company": "metalplast-bydgoszcz",
        "summary": "Oferowaliśmy wolne moce produkcyjne wtryskarek do końca 2025 roku.",
        "sectors": ["tworzywa-sztuczne"],
        "cooperation_types": ["subcontracting"],
        "valid_until": datetime.date(2025, 12, 31),
    },
]

CLUSTERS = [
    {
        "slug": "bydgoski-klaster-przemyslowy",
        "title": "Bydgoski Klaster Przemysłowy",
        "short_name": "BKP",
        "founded": 2006,
        "voivodeship": "kujawsko-pomorskie",
        "city": "Bydgoszcz",
        "coordinator": "stowarzyszenie-bydgoski-klaster-przemyslowy",
        "website": "https://www.bkp.example.pl",
        "contact_person": "Biuro Klastra",
        "email": "biuro@bkp.example.pl",
        "phone": "+48 52 000 10 10",
        "description": "<p>Najstarsza inicjatywa klastrowa w województwie kujawsko-pomorskim, działająca od "
        "2006 roku. Skupia firmy przemysłu metalowego, narzędziowego i przetwórstwa tworzyw sztucznych "
        "oraz uczelnie z Bydgoszczy.</p>",
        "sectors": ["przemysl-metalowy", "tworzywa-sztuczne"],
        "members_total": 72,
        "members_sme": 58,
        "members_large": 8,
        "members_research": 6,
        "is_key_national_cluster": True,
        "key_national_cluster_until": datetime.date(2027, 12, 31),
        "excellence_label": "silver",
        "excellence_label_until": datetime.date(2027, 6, 30),
        "latitude": "53.12350",
        "longitude": "18.00840",
        "members": ["metalplast-bydgoszcz", "stowarzyszenie-bydgoski-klaster-przemyslowy"],
        "en": {
            "title": "Bydgoszcz Industrial Cluster",
            "slug": "bydgoszcz-industrial-cluster",
            "description": "<p>The oldest cluster initiative in the Kuyavian-Pomeranian region, active "
            "since 2006. It brings together metalworking, tooling and plastics companies and the "
            "universities of Bydgoszcz.</p>",
        },
    },
    {
        "slug": "torunski-klaster-medyczny",
        "title": "Toruński Klaster Technologii Medycznych",
        "short_name": "TKTM",
        "founded": 2012,
        "voivodeship": "kujawsko-pomorskie",
        "city": "Toruń",
        "coordinator": "torunska-agencja-rozwoju-regionalnego",
        "website": "https://medklaster.example.pl",
        "contact_person": "Anna Wiśniewska",
        "email": "klaster@medklaster.example.pl",
        "phone": "",
        "description": "<p>Klaster firm i jednostek naukowych z Torunia rozwijających wyroby medyczne.</p>",
        "sectors": ["technologie-medyczne", "badania-i-rozwoj"],
        "members_total": 31,
        "members_sme": 25,
        "members_large": 1,
        "members_research": 5,
        "excellence_label": "bronze",
        "excellence_label_until": datetime.date(2026, 3, 31),
        "latitude": "53.01380",
        "longitude": "18.59810",
        "members": ["optimed-torun"],
    },
    {
        "slug": "lodzki-klaster-mody-i-tekstyliow",
        "title": "Łódzki Klaster Mody i Tekstyliów",
        "short_name": "ŁKMiT",
        "founded": 2009,
        "voivodeship": "lodzkie",
        "city": "Łódź",
        "coordinator": "instytut-technologii-materialow",
        "website": "https://modaklaster.example.pl",
        "contact_person": "Piotr Nowak",
        "email": "biuro@modaklaster.example.pl",
        "phone": "+48 42 000 90 90",
        "description": "<p>Producenci tkanin, odzieży i włókien technicznych z regionu łódzkiego.</p>",
        "sectors": ["tekstylia-i-moda"],
        "members_total": 45,
        "members_sme": 39,
        "members_large": 3,
        "members_research": 3,
        "latitude": "51.75920",
        "longitude": "19.45600",
        "members": ["tkaniny-lodzkie", "instytut-technologii-materialow"],
    },
    {
        "slug": "pomorski-klaster-morski",
        "title": "Pomorski Klaster Morski",
        "short_name": "PKM",
        "founded": 2011,
        "voivodeship": "pomorskie",
        "city": "Gdynia",
        "coordinator": "baltic-ship-services",
        "website": "https://klastermorski.example.pl",
        "contact_person": "",
        "email": "",
        "phone": "",
        "description": "<p>Stocznie, armatorzy i firmy usług portowych z Trójmiasta.</p>",
        "sectors": ["gospodarka-morska"],
        "members_total": 96,
        "members_sme": 80,
        "members_large": 10,
        "members_research": 6,
        "is_key_national_cluster": True,
        "key_national_cluster_until": datetime.date(2027, 12, 31),
        "excellence_label": "gold",
        "excellence_label_until": datetime.date(2028, 1, 31),
        "latitude": "54.51890",
        "longitude": "18.53050",
        "members": ["baltic-ship-services"],
    },
    {
        "slug": "podkarpacki-klaster-lotniczy",
        "title": "Podkarpacki Klaster Lotniczy",
        "short_name": "PKL",
        "founded": 2005,
        "voivodeship": "podkarpackie",
        "city": "Rzeszów",
        "coordinator": "aerotech-rzeszow",
        "website": "https://klasterlotniczy.example.pl",
        "contact_person": "Biuro",
        "email": "info@klasterlotniczy.example.pl",
        "phone": "+48 17 000 11 11",
        "description": "<p>Przemysł lotniczy Podkarpacia: producenci konstrukcji, silników i awioniki.</p>",
        "sectors": ["lotnictwo"],
        "members_total": 160,
        "members_sme": 140,
        "members_large": 14,
        "members_research": 6,
        "is_key_national_cluster": True,
        "key_national_cluster_until": datetime.date(2027, 12, 31),
        "latitude": "50.04120",
        "longitude": "21.99910",
        "members": ["aerotech-rzeszow"],
    },
    {
        "slug": "dolnoslaski-klaster-energii",
        "title": "Dolnośląski Klaster Energii Odnawialnej",
        "short_name": "DKEO",
        "founded": 2014,
        "voivodeship": "dolnoslaskie",
        "city": "Wrocław",
        "coordinator": "solarwro",
        "website": "https://oze-klaster.example.pl",
        "contact_person": "Maria Zielińska",
        "email": "kontakt@oze-klaster.example.pl",
        "phone": "",
        "description": "<p>Firmy i samorządy Dolnego Śląska budujące lokalne źródła energii.</p>",
        "sectors": ["energia-odnawialna"],
        "members_total": 27,
        "members_sme": 22,
        "members_large": 2,
        "members_research": 3,
        "excellence_label": "bronze",
        "excellence_label_until": datetime.date(2027, 9, 30),
        "latitude": "51.10790",
        "longitude": "17.03850",
        "members": ["solarwro", "softwise-krakow"],
    },
]

SEED_ARTICLE_LEAD = (
    "Klaster to ważne narzędzie rozwoju gospodarczego, którego zastosowanie, sprzyja rozwojowi "
    "innowacyjności i konkurencyjności podmiotów w nich uczestniczących w szczególności przedsiębiorców, "
    "a także regionów na których działają. Podstawą dobrze prosperujących klastrów jest współpraca ich "
    "członków oraz wzajemne zaufanie, pomimo istniejącej konkurencji."
)

SEED_ARTICLE_BODY = [
    (
        "quote",
        {
            "text": "Klaster to geograficzne skupisko wzajemnie powiązanych firm, wyspecjalizowanych dostawców, "
            "jednostek świadczących usługi, firm działających w pokrewnych sektorach i związanych z nimi "
            "instytucji w poszczególnych dziedzinach, jednocześnie współdziałających i konkurujących ze sobą.",
            "source": "Michael Porter, The Competitive Advantage of Nations, 1990",
        },
    ),
    (
        "paragraph",
        "<p>W Polsce w ostatnich latach powstały i działają 164 klastry, które można znaleźć na mapie klastrów "
        'dostępnej na stronach PARP - <a href="https://www.parp.gov.pl/">mapa klastrów polskich</a>. '
        "Z województwa kujawsko-pomorskiego trafiła tam "
        "tylko jedna inicjatywa, najstarsze, istniejące od 2006 r. grono – Bydgoski Klaster Przemysłowy.</p>",
    ),
    (
        "paragraph",
        "<p>Zarząd Województwa Kujawsko-Pomorskiego dostrzegając konieczność pobudzenia aktywności klastrowej "
        "w regionie zdecydował się wesprzeć takie inicjatywy ze środków RPO na lata 2007-2013. W drodze "
        "konkursu wybrano operatora Funduszu Powiązań Kooperacyjnych, którym zostało konsorcjum, w skład "
        "którego weszły: Toruńska Agencja Rozwoju Regionalnego S.A. (Lider) i Kujawsko-Pomorska Agencja "
        "Innowacji Sp. z o.o. (Partner).</p>",
    ),
    (
        "paragraph",
        "<p>Niezależnie od działań podejmowanych za pośrednictwem Funduszu Powiązań Kooperacyjnych TARR S.A. "
        "wspiera klastry także poprzez Biuro sieci Enterprise Europe Network, które pełni rolę Punktu "
        "Kontaktowego dla Klastrów sieci EEN. We wrześniu tego roku został zorganizowany i dofinansowany "
        "wyjazd dla koordynatorów klastrów na prestiżowe wydarzenie BSR Stars Cluster–to-Cluster w Berlinie. "
        "Kluczowym punktem wydarzenia była giełda kooperacyjna w ramach, której uczestnicy (w tym roku 206 "
        "koordynatorów) mieli możliwość odbycia bezpośredniego spotkania i nawiązania kontaktu z "
        "przedstawicielami innych klastrów działających na obszarze Unii Europejskiej. 6 koordynatorów "
        "naszych klastrów odbyło łącznie 23 spotkania (w trakcie całej giełdy zrealizowano ich ok. 450), "
        "które mogą przełożyć się na konkretną współpracę w przyszłości.</p>",
    ),
]

SEED_ARTICLE_EN = {
    "title": "Clusters",
    "slug": "clusters",
    "tags": ["clusters", "EEN", "Cooperation Links Fund"],
    "lead": "A cluster is an important tool of economic development: it fosters the innovation and "
    "competitiveness of its members, especially businesses, and of the regions where they operate. "
    "Thriving clusters rest on cooperation and mutual trust between their members, despite competition.",
    "body": [
        (
            "quote",
            {
                "text": "Clusters are geographic concentrations of interconnected companies, specialized "
                "suppliers, service providers, firms in related industries, and associated institutions in "
                "particular fields that compete but also cooperate.",
                "source": "Michael Porter, The Competitive Advantage of Nations, 1990",
            },
        ),
        (
            "paragraph",
            "<p>164 clusters have been set up in Poland in recent years; they are shown on PARP's map of "
            "Polish clusters. Only one initiative from the Kuyavian-Pomeranian region made it there: the "
            "oldest, active since 2006, the Bydgoszcz Industrial Cluster.</p>",
        ),
        (
            "paragraph",
            "<p>In September, cluster coordinators travelled to the BSR Stars Cluster-to-Cluster event in "
            "Berlin: 206 coordinators took part, and six coordinators from our region held 23 of the "
            "event's roughly 450 meetings.</p>",
        ),
    ],
}

MORE_ARTICLES = [
    {
        "slug": "gielda-kooperacyjna-bsr-stars",
        "title": "Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars",
        "date": datetime.date(2014, 10, 2),
        "author": "AW",
        "lead": "Sześciu koordynatorów klastrów z regionu odbyło 23 spotkania podczas giełdy "
        "Cluster-to-Cluster w Berlinie.",
        "tags": ["klastry", "EEN", "współpraca międzynarodowa"],
        "clusters": ["bydgoski-klaster-przemyslowy"],
        "body": [
            (
                "paragraph",
                "<p>Giełda kooperacyjna BSR Stars zgromadziła 206 koordynatorów klastrów z krajów regionu "
                "Morza Bałtyckiego. Podczas wydarzenia zrealizowano około 450 spotkań.</p>",
            )
        ],
    },
    {
        "slug": "krajowe-klastry-kluczowe-nabor",
        "title": "Nowy nabór do statusu Krajowego Klastra Kluczowego",
        "date": datetime.date(2026, 9, 15),
        "author": "Redakcja",
        "lead": "Ministerstwo ogłosiło nabór wniosków o przyznanie statusu Krajowego Klastra Kluczowego.",
        "tags": ["klastry", "KKK"],
        "clusters": ["pomorski-klaster-morski", "podkarpacki-klaster-lotniczy"],
        "body": [
            (
                "heading",
                {"text": "Kto może złożyć wniosek", "level": "h2"},
            ),
            (
                "paragraph",
                "<p>Wnioski mogą składać koordynatorzy klastrów działających co najmniej trzy lata.</p>",
            ),
        ],
    },
]


def ensure_sectors(locales):
    sectors = {}
    for slug, pl_name, en_name in SECTORS:
        sector, _ = Sector.objects.update_or_create(slug=slug, locale=locales["pl"], defaults={"name": pl_name})
        translation = sector.get_translation_or_none(locales["en"])
        if translation is None:
            translation = sector.copy_for_translation(locales["en"])
        translation.name, translation.slug = en_name, slug
        translation.save()
        sectors[slug] = sector
    return sectors


def _publish_snippet(obj):
    obj.save_revision(log_action=False).publish(log_action=False)


def _ensure_snippet(model, data, locale, sectors, relations):
    obj = model.objects.filter(slug=data["slug"], locale=locale).first()
    if obj is not None:
        return obj
    fields = {key: value for key, value in data.items() if key not in ("en", "sectors", *relations)}
    obj = model(locale=locale, **fields, **relations)
    # The demo goes through the same validation (NIP, REGON, postal code) as an editor's form.
    obj.full_clean(exclude=["translation_key"])
    obj.save()
    obj.sectors.set([sectors[slug] for slug in data["sectors"]])
    _publish_snippet(obj)
    return obj


def _translate_snippet(obj, locale, data):
    translation = obj.get_translation_or_none(locale)
    if translation is not None:
        return translation
    translation = obj.copy_for_translation(locale)
    for name, value in data.items():
        setattr(translation, name, value)
    translation.save()
    translation.sectors.set([sector.get_translation(locale) for sector in obj.sectors.all()])
    _publish_snippet(translation)
    return translation


def ensure_registry(locales, sectors):
    companies = {}
    for data in COMPANIES:
        company = _ensure_snippet(Company, data, locales["pl"], sectors, relations={})
        companies[data["slug"]] = company
        if "en" in data:
            _translate_snippet(company, locales["en"], data["en"])
    for data in OFFERS:
        company = companies[data["company"]]
        offer = _ensure_snippet(Offer, data, locales["pl"], sectors, relations={"company": company})
        if "en" in data:
            en_company = company.get_translation_or_none(locales["en"])
            if en_company is not None:
                _translate_snippet(offer, locales["en"], {**data["en"], "company": en_company})
    return companies


def ensure_clusters(index_pages, locales, sectors, companies):
    clusters = {}
    index = index_pages["pl"]
    for data in CLUSTERS:
        fields = {
            key: value for key, value in data.items() if key not in ("en", "sectors", "members", "coordinator", "slug")
        }
        fields["coordinator"] = companies[data["coordinator"]]
        page = ClusterPage.objects.child_of(index).filter(slug=data["slug"]).first()
        clusters[data["slug"]] = page
        if page is not None:
            continue
        page = ClusterPage(slug=data["slug"], **fields)
        page.sectors = [sectors[slug] for slug in data["sectors"]]
        page.members = [ClusterMember(company=companies[slug]) for slug in data["members"]]
        index.add_child(instance=page)
        publish(page)
        clusters[data["slug"]] = page
        if "en" in data:
            translate_page(
                page,
                locales["en"],
                **data["en"],
                sectors=[sectors[slug].get_translation(locales["en"]) for slug in data["sectors"]],
                coordinator=companies[data["coordinator"]].get_translation_or_none(locales["en"]),
                members=[
                    ClusterMember(company=translated)
                    for slug in data["members"]
                    if (translated := companies[slug].get_translation_or_none(locales["en"])) is not None
                ],
            )
    return clusters


def _ensure_article(index, data, clusters):
    page = ArticlePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if page is not None:
        return page, False
    page = ArticlePage(
        slug=data["slug"],
        title=data["title"],
        lead=data["lead"],
        date=data["date"],
        author=data["author"],
        body=_stream(data["body"]),
    )
    page.tags.set(data["tags"])
    page.related_clusters = [ArticleRelatedCluster(cluster=clusters[slug]) for slug in data["clusters"]]
    index.add_child(instance=page)
    publish(page)
    return page, True


def _stream(blocks):
    return [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in blocks]


def ensure_articles(index_pages, locales, clusters):
    seed, created = _ensure_article(
        index_pages["pl"],
        {
            "slug": "klastry",
            "title": "Klastry",
            "date": datetime.date(2014, 11, 20),
            "author": "AW",
            "lead": SEED_ARTICLE_LEAD,
            "tags": ["klastry", "EEN", "Fundusz Powiązań Kooperacyjnych"],
            "clusters": ["bydgoski-klaster-przemyslowy"],
            "body": SEED_ARTICLE_BODY,
        },
        clusters,
    )
    for data in MORE_ARTICLES:
        _ensure_article(index_pages["pl"], data, clusters)

    if created:
        en_cluster = clusters["bydgoski-klaster-przemyslowy"].get_translation(locales["en"])
        translate_page(
            seed,
            locales["en"],
            title=SEED_ARTICLE_EN["title"],
            slug=SEED_ARTICLE_EN["slug"],
            tags=SEED_ARTICLE_EN["tags"],
            lead=SEED_ARTICLE_EN["lead"],
            body=_stream(SEED_ARTICLE_EN["body"]),
            related_clusters=[ArticleRelatedCluster(cluster=en_cluster)],
        )
    return seed


def load_demo_content():
    """Build the whole demo portal. Idempotent: a second run changes nothing visible."""
    locales = ensure_locales()
    homes, sections = ensure_site_structure()
    ensure_agency_settings()
    ensure_legal_pages(homes)
    sectors = ensure_sectors(locales)
    companies = ensure_registry(locales, sectors)
    clusters = ensure_clusters(sections["clusters"], locales, sectors, companies)
    ensure_articles(sections["news"], locales, clusters)
