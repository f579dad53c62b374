"""Where a column of an import can go, per record kind, and the header names that mean it.

A mapping target is a built-in field (``email``), ``custom:<key>`` (a custom field of the
kind), ``tags`` (comma- or semicolon-separated names), ``owner_email`` (a member's e-mail
address) or ``ignore``. Header variants are those of the exports of common CRMs and mail
clients (Outlook, Google Contacts, HubSpot, Salesforce, Pipedrive, Zoho), compared after
``header_key`` (lower case, accents and punctuation dropped).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

IGNORE = "ignore"
TAGS = "tags"
OWNER_EMAIL = "owner_email"
CUSTOM_PREFIX = "custom:"
KINDS = ("contact", "company", "lead")


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    # Several columns may go to it (e-mail addresses, phone numbers, tags).
    repeatable: bool = False
    variants: tuple[str, ...] = ()


def _t(key: str, label: str, *variants: str, repeatable: bool = False) -> Target:
    return Target(key, label, repeatable, variants)


_ADDRESS = (
    _t("address_street", "Street", "street", "address", "streetaddress", "address1",
       "businessstreet", "homestreet", "mailingstreet", "billingstreet", "address1street",
       "addressline1", "strasse", "rue"),
    _t("address_city", "City", "city", "town", "businesscity", "homecity", "mailingcity",
       "billingcity", "address1city", "ville", "ort", "stadt", "locality"),
    _t("address_region", "Region / state", "state", "region", "province", "county",
       "stateregion", "businessstate", "homestate", "mailingstate", "billingstate",
       "address1region", "stateprovince"),
    _t("address_postal_code", "Postal code", "postalcode", "zip", "zipcode", "postcode",
       "businesspostalcode", "homepostalcode", "mailingpostalcode", "billingpostalcode",
       "mailingzip", "billingzip", "address1postalcode", "codepostal", "plz"),
    _t("address_country", "Country", "country", "countrycode", "countryregion",
       "businesscountryregion", "homecountryregion", "mailingcountry", "billingcountry",
       "address1country", "pays", "land"),
)  # fmt: skip
_COMMON = (
    _t(TAGS, "Tags", "tags", "tag", "labels", "label", "categories", "category", "groups",
       "grouplabels", "grupos", repeatable=True),
    _t(OWNER_EMAIL, "Owner (e-mail of a member)", "owner", "owneremail", "contactowner",
       "companyowner", "leadowner", "accountowner", "recordowner", "assignedto", "salesrep",
       "responsible", "ownername"),
)  # fmt: skip

CONTACT = (
    _t("first_name", "First name", "firstname", "givenname", "first", "forename", "prenom",
       "vorname", "nombre"),
    _t("last_name", "Last name", "lastname", "surname", "familyname", "last", "nom",
       "nachname", "apellido", "apellidos"),
    _t("full_name", "Full name (split into first and last)", "name", "fullname",
       "contactname", "displayname", "contact", "person", "personname"),
    _t("email", "E-mail", "email", "emailaddress", "mail", "email1", "primaryemail",
       "workemail", "businessemail", "email1value", "emailaddress1", "courriel",
       "emailwork", "personemail"),
    _t("email_other", "Other e-mail", "email2", "email3", "email2address", "email3address",
       "email2value", "email3value", "otheremail", "secondaryemail", "homeemail",
       "personalemail", "emailhome", "emailother", "emailaddress2", repeatable=True),
    _t("phone", "Phone", "phone", "phonenumber", "telephone", "tel", "businessphone",
       "workphone", "primaryphone", "phone1value", "officephone", "phonework",
       "telefon", "telephone1", "directphone"),
    _t("phone_other", "Other phone", "mobile", "mobilephone", "cell", "cellphone", "handy",
       "phone2", "phone2value", "phone3value", "homephone", "otherphone", "phonemobile",
       "phonehome", "portable", "mobilenumber", repeatable=True),
    _t("job_title", "Job title", "jobtitle", "title", "position", "role", "jobposition",
       "function", "poste"),
    _t("company", "Company (matched or created by name)", "company", "companyname",
       "organization", "organisation", "account", "accountname", "org", "employer",
       "organization1name", "organizationname", "societe", "firma", "entreprise"),
    _t("company_domain", "Company domain", "companydomain", "companydomainname",
       "companywebsite", "organizationdomain"),
    _t("lifecycle_status", "Lifecycle stage", "lifecyclestage", "lifecyclestatus",
       "lifecycle", "stage", "contactstage"),
    _t("source", "Source", "source", "leadsource", "originalsource", "contactsource",
       "origin"),
    *_ADDRESS,
    _t("linkedin", "LinkedIn", "linkedin", "linkedinurl", "linkedinprofile"),
    _t("twitter", "Twitter / X", "twitter", "twitterhandle", "twitterurl", "x"),
    _t("website", "Website", "website", "web", "url", "homepage", "webpage",
       "personalwebsite", "websiteurl", "webpage1value", "website1value"),
    *_COMMON,
)  # fmt: skip

COMPANY = (
    _t("name", "Name", "name", "companyname", "company", "organization", "organisation",
       "account", "accountname", "organizationname", "org", "societe", "firma"),
    _t("domain", "Domain", "domain", "companydomain", "companydomainname", "domainname",
       "emaildomain"),
    _t("website", "Website", "website", "web", "url", "homepage", "websiteurl", "site"),
    _t("industry", "Industry", "industry", "sector", "branche", "secteur", "vertical"),
    _t("employee_count", "Employees", "employees", "employeecount", "numberofemployees",
       "headcount", "size", "companysize", "staff"),
    _t("annual_revenue", "Annual revenue", "annualrevenue", "revenue", "turnover",
       "yearlyrevenue", "chiffredaffaires", "umsatz"),
    _t("annual_revenue_currency", "Revenue currency", "currency", "revenuecurrency",
       "annualrevenuecurrency", "currencycode"),
    _t("phone", "Phone", "phone", "phonenumber", "telephone", "tel", "mainphone",
       "companyphone", "businessphone", "officephone"),
    *_ADDRESS,
    _t("description", "Description", "description", "about", "notes", "note", "summary",
       "aboutus"),
    *_COMMON,
)  # fmt: skip

LEAD = (
    _t("name", "Name", "name", "fullname", "leadname", "contactname", "contact", "person"),
    _t("first_name", "First name (joined to the last name)", "firstname", "givenname",
       "first", "forename", "prenom", "vorname"),
    _t("last_name", "Last name (joined to the first name)", "lastname", "surname",
       "familyname", "last", "nom", "nachname"),
    _t("email", "E-mail", "email", "emailaddress", "mail", "email1", "primaryemail",
       "workemail", "businessemail", "courriel"),
    _t("phone", "Phone", "phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone",
       "businessphone", "workphone", "cell"),
    _t("company_name", "Company", "company", "companyname", "organization", "organisation",
       "account", "accountname", "org", "employer"),
    _t("website", "Website", "website", "web", "url", "homepage", "websiteurl"),
    _t("title", "Job title", "title", "jobtitle", "position", "role"),
    _t("source", "Source", "source", "leadsource", "origin", "originalsource", "channel"),
    _t("status", "Status", "status", "leadstatus", "stage"),
    _t("score", "Score", "score", "leadscore", "rating"),
    *_COMMON,
)  # fmt: skip

TARGETS: dict[str, tuple[Target, ...]] = {"contact": CONTACT, "company": COMPANY, "lead": LEAD}


def targets_of(kind: str) -> dict[str, Target]:
    return {t.key: t for t in TARGETS[kind]}


def header_key(text: str) -> str:
    """``"E-mail Address"`` -> ``"emailaddress"``; ``"Prénom"`` -> ``"prenom"``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", ascii_text)
