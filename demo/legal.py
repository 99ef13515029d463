"""Demo legal pages: the accessibility statement and the privacy policy in Polish and English, filled in."""

import datetime

from home.models import AccessibilityStatementPage, PrivacyPolicyPage

from .structure import publish, translate_page

AGENCY = "Agencja Rozwoju Regionalnego"
CONTROLLER = "Agencja Rozwoju Regionalnego, ul. Gdańska 4, 85-006 Bydgoszcz"
DPO = "iod@arr.example.pl, tel. +48 52 300 00 01"

STATEMENT = {
    "pl": {
        "title": "Deklaracja dostępności",
        "slug": "deklaracja-dostepnosci",
        "entity_name": AGENCY,
        "non_accessible_content": (
            "<ul><li>Część dokumentów PDF opublikowanych przed 23 września 2018 r. nie ma struktury znaczników "
            "(wyłączenie z art. 3 ust. 2 ustawy).</li>"
            "<li>Mapa klastrów nie ma tekstowego odpowiednika w postaci tabeli dla części danych historycznych: "
            "lista klastrów pod mapą zawiera te same informacje.</li>"
            "<li>Filmy z wydarzeń sprzed 2020 r. nie mają napisów (wyłączenie: multimedia opublikowane przed "
            "23 września 2020 r.).</li></ul>"
        ),
        "keyboard_shortcuts": "<p>Na stronie można używać standardowych skrótów klawiaturowych przeglądarki.</p>",
        "architectural_accessibility": (
            "<p>Siedziba Agencji mieści się w Bydgoszczy przy ul. Gdańskiej 4. Do budynku prowadzi wejście od ulicy "
            "z podjazdem dla wózków. Winda obsługuje wszystkie piętra, na parterze jest toaleta dostosowana do "
            "potrzeb osób z niepełnosprawnościami. Przed budynkiem są dwa miejsca parkingowe dla osób "
            "z niepełnosprawnościami. Do budynku można wejść z psem asystującym. W recepcji jest pętla "
            "indukcyjna.</p>"
        ),
        "communication_accessibility": (
            "<p>Osoby głuche i słabosłyszące mogą skontaktować się z Agencją e-mailem, listownie lub przez tłumacza "
            "polskiego języka migowego online. Tłumacza na spotkanie w siedzibie zamawiamy na wniosek złożony co "
            "najmniej 3 dni robocze wcześniej.</p>"
        ),
    },
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility-statement",
        "entity_name": "Regional Development Agency",
        "non_accessible_content": (
            "<ul><li>Some PDF documents published before 23 September 2018 are not tagged (exempt under art. 3(2) of "
            "the Act).</li>"
            "<li>The cluster map has no table equivalent for part of the historical data: the list of clusters under "
            "the map carries the same information.</li>"
            "<li>Videos of events before 2020 have no captions (exempt: media published before 23 September "
            "2020).</li></ul>"
        ),
        "keyboard_shortcuts": "<p>The website can be used with the browser's standard keyboard shortcuts.</p>",
        "architectural_accessibility": (
            "<p>The Agency's office is at ul. Gdańska 4 in Bydgoszcz. The street entrance has a wheelchair ramp. A "
            "lift serves every floor and there is an accessible toilet on the ground floor. Two parking spaces for "
            "disabled people are in front of the building. Assistance dogs are welcome. The reception has an "
            "induction loop.</p>"
        ),
        "communication_accessibility": (
            "<p>Deaf and hard-of-hearing people can contact the Agency by e-mail, by post or through an online Polish "
            "Sign Language interpreter. An interpreter for a meeting at the office is booked on request at least 3 "
            "working days ahead.</p>"
        ),
    },
}

POLICY = {
    "pl": {
        "title": "Polityka prywatności",
        "slug": "polityka-prywatnosci",
        "body": (
            "<h2>Cele i podstawy przetwarzania</h2><ul>"
            "<li>Newsletter: na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO), do czasu jej wycofania.</li>"
            "<li>Konta przedstawicieli firm oraz zgłoszenia firm i ofert: w celu wykonania zadania w interesie "
            "publicznym (art. 6 ust. 1 lit. e RODO), przez czas istnienia konta.</li>"
            "<li>Komentarze: na podstawie Twojej zgody, do czasu usunięcia komentarza.</li>"
            "<li>Wyrażenie zainteresowania ofertą: przekazujemy Twoją wiadomość firmie i przechowujemy zapis przez "
            "2 lata (art. 6 ust. 1 lit. e RODO).</li></ul>"
            "<h2>Twoje prawa</h2><p>Masz prawo dostępu do danych, ich sprostowania, usunięcia, ograniczenia "
            "przetwarzania, przenoszenia, sprzeciwu i wycofania zgody, a także prawo wniesienia skargi do Prezesa "
            "Urzędu Ochrony Danych Osobowych.</p>"
        ),
    },
    "en": {
        "title": "Privacy policy",
        "slug": "privacy-policy",
        "body": (
            "<h2>Purposes and legal bases</h2><ul>"
            "<li>Newsletter: on your consent (GDPR art. 6(1)(a)), until you withdraw it.</li>"
            "<li>Accounts of company representatives, submitted companies and offers: a task carried out in the "
            "public interest (GDPR art. 6(1)(e)), for as long as the account exists.</li>"
            "<li>Comments: on your consent, until the comment is deleted.</li>"
            "<li>Expressions of interest: we pass your message to the company and keep a record for 2 years "
            "(GDPR art. 6(1)(e)).</li></ul>"
            "<h2>Your rights</h2><p>You have the right of access, rectification, erasure, restriction, portability, "
            "objection and to withdraw consent, and the right to complain to the President of the Personal Data "
            "Protection Office (UODO).</p>"
        ),
    },
}


def _ensure(model, homes, texts, **common):
    home = homes["pl"]
    page = model.objects.filter(locale_id=home.locale_id).first()
    if page is None:
        page = model(**common, **texts["pl"])
        home.add_child(instance=page)
        publish(page)
    for code, other_home in homes.items():
        if code != "pl":
            translate_page(page, other_home.locale, **common, **texts.get(code, texts["en"]))
    return page


def ensure_legal_pages(homes):
    """The accessibility statement (partially compliant, self-assessed) and the privacy policy in every language."""
    _ensure(
        AccessibilityStatementPage,
        homes,
        STATEMENT,
        site_published_on=datetime.date(2014, 11, 20),
        site_updated_on=datetime.date(2026, 11, 27),
        status="partially_compliant",
        prepared_on=datetime.date(2020, 9, 21),
        reviewed_on=datetime.date(2026, 3, 27),
        preparation_method="self_assessment",
        contact_person="Anna Kowalska",
        contact_email="dostepnosc@arr.example.pl",
        contact_phone="+48 52 300 00 00",
    )
    _ensure(PrivacyPolicyPage, homes, POLICY, controller=CONTROLLER, dpo_contact=DPO)
