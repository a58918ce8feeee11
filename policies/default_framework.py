# ruff: noqa: E501  (checklist wording: one statement per line reads better than split strings)
"""The default checklist, in the project's own words (no award or toolkit wording is copied).

Sections A–I follow the consolidated skeleton in shared/reference/policies-and-cpd.md §1.7
(derived there from the sources named on each item). "statutory" items restate a legal duty;
everything else is good practice. Councils load licensed frameworks of their own beside it.
"""

S, G = "statutory", "good_practice"
PSED = "Equality Act 2010 s.149 (public sector equality duty)"
REGS = "Equality Act 2010 (Specific Duties) Regulations 2011; DfE, Equality Act 2010: advice for schools"

NAME = "Anti-racist and equality policy review"
DESCRIPTION = (
    "The council's default checklist for reviewing a school's policies and practice against "
    "the Equality Act 2010 and anti-racist good practice."
)

# (code, title, [(code, statement, evidence sought, basis, source)])
SECTIONS = [
    (
        "A",
        "Statutory equality compliance",
        [
            (
                "A1",
                "The school's equality information, showing how it meets the three aims of the equality duty, is on its website and was updated in the last 12 months.",
                "Web address and date of the equality information.",
                S,
                REGS,
            ),
            (
                "A2",
                "The school has at least one specific, measurable equality objective, set or reviewed in the last 4 years.",
                "Web address and date of the objectives.",
                S,
                REGS,
            ),
            (
                "A3",
                "Each year's equality information reports progress towards the objectives.",
                "The latest publication.",
                G,
                "Buckinghamshire Council schools guidance on equality information",
            ),
            (
                "A4",
                "The information covers removing discrimination, advancing equality of opportunity, fostering good relations, and how affected groups were consulted.",
                "The published document.",
                S,
                PSED,
            ),
            (
                "A5",
                "The governing board has recorded who is responsible for equality (a committee, a named governor or the headteacher).",
                "Board minutes.",
                G,
                "Buckinghamshire Council schools guidance",
            ),
            (
                "A6",
                "New and revised policies are screened for their effect on groups with protected characteristics.",
                "Equality impact assessments.",
                G,
                "Leicestershire Schools United pledge; NHS equality analysis practice",
            ),
            (
                "A7",
                "Any board diversity data is collected voluntarily and published only where no one can be identified.",
                "Board decision and the published summary.",
                G,
                "DfE guidance on governing board diversity data, April 2023 (non-statutory)",
            ),
            (
                "A8",
                "An accessibility plan and reasonable adjustments for disabled pupils are in place.",
                "Accessibility plan.",
                S,
                "Equality Act 2010; EHRC technical guidance for schools, ch. 6",
            ),
        ],
    ),
    (
        "B",
        "Governance, leadership and management",
        [
            (
                "B1",
                "A senior leader and a governor lead on race equality, and parents know who they are.",
                "Names on the website or in a newsletter.",
                G,
                "Ealing Race Equality Commission priorities, 2022",
            ),
            (
                "B2",
                "The board looks at attainment, exclusions, incidents and workforce data by ethnicity and records what it will do.",
                "Minutes and the data pack.",
                G,
                "Ealing Learning Partnership; Enfield governance self-review",
            ),
            (
                "B3",
                "Race equality is in the school development plan with a review cycle.",
                "Development plan extract.",
                G,
                "CRE, Learning for All (2000)",
            ),
            (
                "B4",
                "Governors have had training on race equality.",
                "Training record.",
                G,
                "Leicestershire pledge; DARPL governor series",
            ),
        ],
    ),
    (
        "C",
        "Behaviour, bullying and racist incidents",
        [
            (
                "C1",
                "The behaviour and anti-bullying policies name racist and other prejudice-related incidents, online and off site too.",
                "The policies.",
                G,
                "DfE, Preventing and tackling bullying (2017); Wokingham LA guidance",
            ),
            (
                "C2",
                "The policy states a definition of a racist incident and the kinds of incident it covers.",
                "The policy.",
                G,
                "Stephen Lawrence Inquiry, recommendation 12",
            ),
            (
                "C3",
                "Each incident is recorded with its type, who was involved, where and when, its effect and what was done.",
                "Recording form or system (no pupil names sent to the council).",
                G,
                "Torbay model recording form; recording is good practice, not statutory",
            ),
            (
                "C4",
                "The policy sets out support for the person harmed, education or sanctions for the person responsible, contact with parents and, for crimes, the police.",
                "The policy.",
                G,
                "Wokingham LA guidance",
            ),
            (
                "C5",
                "Pupils, parents and staff can see how to report an incident, including online.",
                "Posters, web page.",
                G,
                "Leicestershire pledge; Norfolk NEU plan",
            ),
            (
                "C6",
                "Incident totals go to the board at least each year and into the equality information.",
                "Board report.",
                G,
                "Wokingham LA guidance",
            ),
            (
                "C7",
                "Sanctions, suspensions and exclusions are analysed by ethnicity, with action where a group is over-represented.",
                "Analysis and action taken.",
                G,
                "Education Equals standard 7; Ealing priority 2",
            ),
            (
                "C8",
                "All staff are trained to recognise and respond to racist incidents, with refreshers tracked.",
                "Training log.",
                G,
                "Wokingham LA guidance",
            ),
            (
                "C9",
                "Where the council runs an incident return, the school sends it, including nil returns.",
                "Returns sent.",
                G,
                "Devon BPRI; Lancashire nil return",
            ),
            (
                "C10",
                "Incident trends inform the equality objectives and the curriculum.",
                "Objectives and curriculum plans.",
                G,
                "Derived from the above",
            ),
        ],
    ),
    (
        "D",
        "Curriculum and teaching",
        [
            (
                "D1",
                "The curriculum teaches about racism, migration, empire and colonialism.",
                "Curriculum maps.",
                G,
                "Leicestershire pledge",
            ),
            (
                "D2",
                "Subjects show the histories and contributions of diverse people.",
                "Subject audits.",
                G,
                "Hackney Diverse Curriculum; CRE Learning for All B",
            ),
            (
                "D3",
                "Each subject has checked whose voices and images it uses.",
                "Subject audit records.",
                G,
                "CRE Learning for All B",
            ),
            (
                "D4",
                "Pupils learn about racism and microaggressions and help plan this teaching.",
                "Lesson plans, pupil voice.",
                G,
                "Norfolk NEU five-point plan",
            ),
        ],
    ),
    (
        "E",
        "School environment",
        [
            (
                "E1",
                "The school's ethos and everyday routines have been reviewed for their effect on different groups.",
                "Review notes.",
                G,
                "CRE Learning for All E",
            ),
            (
                "E2",
                "The uniform and appearance policy allows hair textures, styles and religious dress without penalty.",
                "The policy.",
                G,
                "Halo Code; EHRC technical guidance",
            ),
            (
                "E3",
                "Displays and resources reflect the school community and wider society.",
                "Photographs, resource lists.",
                G,
                "CRE Learning for All E",
            ),
            (
                "E4",
                "Pupils take part in reviewing the school's anti-racist work.",
                "Pupil audit or council minutes.",
                G,
                "Welsh Government, Ysgol Gyfun Gwent Is Coed example (2024)",
            ),
        ],
    ),
    (
        "F",
        "Workforce",
        [
            (
                "F1",
                "Recruitment and promotion practice has been checked for bias.",
                "Recruitment procedure.",
                G,
                "Ealing course on inclusive recruitment",
            ),
            (
                "F2",
                "The ethnicity of applicants, shortlisted, appointed and promoted staff is monitored.",
                "Monitoring summary (small numbers suppressed).",
                G,
                "Derived from the NHS WRES indicator 2",
            ),
            (
                "F3",
                "All staff receive race equality training across the year.",
                "Training plan.",
                G,
                "Ealing getting-started pathway",
            ),
            (
                "F4",
                "Staff are asked about their experience of bullying and discrimination.",
                "Staff survey results.",
                G,
                "Derived from NHS WRES indicators 5–8",
            ),
        ],
    ),
    (
        "G",
        "Parents, carers and community",
        [
            (
                "G1",
                "Parents and carers from all communities are involved as partners.",
                "Meeting records.",
                G,
                "Ealing priority 5; CRE Learning for All F",
            ),
            (
                "G2",
                "Parents, pupils, staff and the community are consulted on the equality objectives.",
                "Consultation record.",
                S,
                PSED,
            ),
            (
                "G3",
                "The school works with community partners on race equality.",
                "Partnership list.",
                G,
                "CRE Learning for All F",
            ),
        ],
    ),
    (
        "H",
        "Admissions and attendance",
        [
            (
                "H1",
                "Admissions information and processes are accessible to every group.",
                "Admissions information, translations.",
                S,
                "Equality Act 2010; EHRC technical guidance ch. 2",
            ),
            (
                "H2",
                "Attendance work takes account of pupils' backgrounds and does not fall harder on one group.",
                "Attendance analysis.",
                G,
                "Education Equals standard 8; CRE Learning for All C",
            ),
        ],
    ),
    (
        "I",
        "Pupil outcomes and data",
        [
            (
                "I1",
                "Gaps in attainment and progress between ethnic groups are identified.",
                "Data analysis.",
                G,
                "Education Equals standard 6; CRE Learning for All D",
            ),
            (
                "I2",
                "There are actions to close the gaps, and their effect is checked.",
                "Action plan and review.",
                G,
                "Ealing priority 1",
            ),
        ],
    ),
]

# The per-policy template (reference §1.7, after the Unite framework for auditing policies,
# with equality impact assessment practice): section P, answered for a single policy.
UNITE = "Unite anti-racist framework for auditing policies; equality impact assessment practice"
POLICY_TEMPLATE = [
    ("P1", "Intent: what the policy is for is stated."),
    ("P2", "Actual impact: what the policy does in practice has been looked at."),
    ("P3", "Areas of potential bias have been identified."),
    ("P4", "The groups affected are named."),
    ("P5", "Evidence of impact (patterns, disparities) has been examined."),
    ("P6", "Pupils, families, staff and the community have given feedback."),
    ("P7", "Actions are planned, with owners and dates."),
    ("P8", "The next review date is set."),
]

SECTIONS.append(("P", "Reviewing this policy", [(c, t, "", G, UNITE) for c, t in POLICY_TEMPLATE]))
