"""Self-declared profile fields (optional, used only for programme figures): codes and names.

The UI shows the names in the interface language; the database stores the codes.
"""

from __future__ import annotations

GENDERS = ("f", "m", "x", "na")  # femme, homme, autre, préfère ne pas répondre
AGE_BANDS = ("u18", "18-24", "25-34", "35-44", "45+")
CATEGORIES = ("student", "civil_society", "media", "public_authority", "other")

# Francophone African countries first (French official or co-official, or OIF members where French
# is widely used), alphabetically in French; then other countries; "ZZ" = other.
FRANCOPHONE_AFRICA: dict[str, dict[str, str]] = {
    "DZ": {"fr": "Algérie", "en": "Algeria"},
    "BJ": {"fr": "Bénin", "en": "Benin"},
    "BF": {"fr": "Burkina Faso", "en": "Burkina Faso"},
    "BI": {"fr": "Burundi", "en": "Burundi"},
    "CM": {"fr": "Cameroun", "en": "Cameroon"},
    "KM": {"fr": "Comores", "en": "Comoros"},
    "CG": {"fr": "Congo", "en": "Congo"},
    "CI": {"fr": "Côte d’Ivoire", "en": "Côte d’Ivoire"},
    "DJ": {"fr": "Djibouti", "en": "Djibouti"},
    "GA": {"fr": "Gabon", "en": "Gabon"},
    "GN": {"fr": "Guinée", "en": "Guinea"},
    "GQ": {"fr": "Guinée équatoriale", "en": "Equatorial Guinea"},
    "MG": {"fr": "Madagascar", "en": "Madagascar"},
    "ML": {"fr": "Mali", "en": "Mali"},
    "MA": {"fr": "Maroc", "en": "Morocco"},
    "MU": {"fr": "Maurice", "en": "Mauritius"},
    "MR": {"fr": "Mauritanie", "en": "Mauritania"},
    "NE": {"fr": "Niger", "en": "Niger"},
    "CF": {"fr": "République centrafricaine", "en": "Central African Republic"},
    "CD": {"fr": "République démocratique du Congo", "en": "Democratic Republic of the Congo"},
    "RW": {"fr": "Rwanda", "en": "Rwanda"},
    "SN": {"fr": "Sénégal", "en": "Senegal"},
    "SC": {"fr": "Seychelles", "en": "Seychelles"},
    "TD": {"fr": "Tchad", "en": "Chad"},
    "TG": {"fr": "Togo", "en": "Togo"},
    "TN": {"fr": "Tunisie", "en": "Tunisia"},
}
OTHER_COUNTRIES: dict[str, dict[str, str]] = {
    "ZA": {"fr": "Afrique du Sud", "en": "South Africa"},
    "DE": {"fr": "Allemagne", "en": "Germany"},
    "BE": {"fr": "Belgique", "en": "Belgium"},
    "CA": {"fr": "Canada", "en": "Canada"},
    "CV": {"fr": "Cap-Vert", "en": "Cabo Verde"},
    "EG": {"fr": "Égypte", "en": "Egypt"},
    "ET": {"fr": "Éthiopie", "en": "Ethiopia"},
    "FR": {"fr": "France", "en": "France"},
    "GH": {"fr": "Ghana", "en": "Ghana"},
    "GW": {"fr": "Guinée-Bissau", "en": "Guinea-Bissau"},
    "HT": {"fr": "Haïti", "en": "Haiti"},
    "KE": {"fr": "Kenya", "en": "Kenya"},
    "LR": {"fr": "Liberia", "en": "Liberia"},
    "LU": {"fr": "Luxembourg", "en": "Luxembourg"},
    "NG": {"fr": "Nigeria", "en": "Nigeria"},
    "GB": {"fr": "Royaume-Uni", "en": "United Kingdom"},
    "SL": {"fr": "Sierra Leone", "en": "Sierra Leone"},
    "CH": {"fr": "Suisse", "en": "Switzerland"},
    "US": {"fr": "États-Unis", "en": "United States"},
    "GM": {"fr": "Gambie", "en": "Gambia"},
    "ZZ": {"fr": "Autre pays", "en": "Other country"},
}


def countries(lang: str = "fr") -> list[tuple[str, str]]:
    """(code, name) with the francophone African countries first, then the others."""
    def key(item):  # noqa: ANN001, ANN202
        import unicodedata

        name = item[1]
        return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()

    first = sorted(((c, n.get(lang, n["en"])) for c, n in FRANCOPHONE_AFRICA.items()), key=key)
    rest = sorted(((c, n.get(lang, n["en"])) for c, n in OTHER_COUNTRIES.items() if c != "ZZ"), key=key)
    return first + rest + [("ZZ", OTHER_COUNTRIES["ZZ"].get(lang, "Other"))]


def is_country(code: str) -> bool:
    return code in FRANCOPHONE_AFRICA or code in OTHER_COUNTRIES
