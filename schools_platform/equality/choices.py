"""Equality monitoring categories.

Ethnicity follows the 2021 Census classification for England (ONS TS021, GSS harmonised
standard): 19 categories in 5 high-level groups, plus "Prefer not to say". Source:
shared/reference/governors.md §2.4, citing the ONS Census 2021 outputs consultation.
Groups are listed alphabetically with "Other" last, as DfE analysts' conventions ask.
"""

from django.db import models

ETHNIC_GROUPS = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}

# (code, label, high-level group)
ETHNICITY_CATEGORIES = [
    ("asian_bangladeshi", "Bangladeshi", "asian"),
    ("asian_chinese", "Chinese", "asian"),
    ("asian_indian", "Indian", "asian"),
    ("asian_pakistani", "Pakistani", "asian"),
    ("asian_other", "Any other Asian background", "asian"),
    ("black_african", "African", "black"),
    ("black_caribbean", "Caribbean", "black"),
    ("black_other", "Any other Black, Black British or Caribbean background", "black"),
    ("mixed_white_asian", "White and Asian", "mixed"),
    ("mixed_white_black_african", "White and Black African", "mixed"),
    ("mixed_white_black_caribbean", "White and Black Caribbean", "mixed"),
    ("mixed_other", "Any other Mixed or Multiple ethnic background", "mixed"),
    ("white_british", "English, Welsh, Scottish, Northern Irish or British", "white"),
    ("white_irish", "Irish", "white"),
    ("white_gypsy_irish_traveller", "Gypsy or Irish Traveller", "white"),
    ("white_roma", "Roma", "white"),
    ("white_other", "Any other White background", "white"),
    ("other_arab", "Arab", "other"),
    ("other_any", "Any other ethnic group", "other"),
]
PREFER_NOT_TO_SAY = "prefer_not_to_say"

# The "Any other ..." choices: each has a write-in ("in your own words"), as the Census does.
OTHER_ETHNICITY_CODES = frozenset(
    {"asian_other", "black_other", "mixed_other", "white_other", "other_any"}
)

CATEGORY_GROUP = {code: group for code, _label, group in ETHNICITY_CATEGORIES}
CATEGORY_LABEL = {code: label for code, label, _group in ETHNICITY_CATEGORIES}

ETHNICITY_CHOICES = [(code, label) for code, label, _ in ETHNICITY_CATEGORIES] + [
    (PREFER_NOT_TO_SAY, "Prefer not to say")
]


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class AgeBand(models.TextChoices):
    AGE_18_24 = "18-24", "18 to 24"
    AGE_25_34 = "25-34", "25 to 34"
    AGE_35_44 = "35-44", "35 to 44"
    AGE_45_54 = "45-54", "45 to 54"
    AGE_55_64 = "55-64", "55 to 64"
    AGE_65_PLUS = "65+", "65 or over"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
