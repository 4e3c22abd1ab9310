use serde::{Deserialize, Serialize};

/// The four entity types of the tagger (ANERcorp's, with PERS written PER).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Per,
    Loc,
    Org,
    Misc,
}

impl EntityType {
    pub fn from_tag_type(t: &str) -> Option<EntityType> {
        match t {
            "PER" | "PERS" => Some(EntityType::Per),
            "LOC" => Some(EntityType::Loc),
            "ORG" => Some(EntityType::Org),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }
}

/// One mention of an entity. The tagger finds most; coreference adds title-only mentions
/// (الرئيس الأمريكي) and hashtags (#محمود_عباس). The span leaves out attached proclitics and
/// pronoun suffixes: in ولافروف the mention is لافروف.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub norm: String,
    /// Token range `first_token..end_token` the mention covers.
    pub first_token: usize,
    pub end_token: usize,
    /// The entity (`Analysis::entities`) this mention refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// How the mention names its entity.
    pub how: MentionHow,
}

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionHow {
    /// Tagged by the entity tagger.
    Name,
    /// The name again where the tagger missed it (a surname, a repeated full name).
    Repeat,
    /// A title used alone (الرئيس الأمريكي) for the one person holding it.
    Title,
    /// A hashtag whose words are the entity's name.
    Hashtag,
    /// A name of the list learned from the news (`rasid build names`) the tagger missed.
    List,
}

/// One real-world referent within an article: all its mentions, its canonical name,
/// role and affiliation, a Latin rendering, and a link to a gazetteer or actor dictionary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The fullest name the article uses (أنغيلا ميركل for ميركل).
    pub canonical: String,
    /// Latin transliteration of the canonical name.
    pub latin: String,
    /// Indices into `Analysis::mentions`, in text order.
    pub mentions: Vec<usize>,
    /// The title phrase attached to the person (الرئيس السوداني، رئيس مجلس النواب).
    pub role: Option<String>,
    /// The country or organisation the role names (السوداني → السودان).
    pub affiliation: Option<String>,
    pub link: Option<Link>,
}

/// Where an entity links to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Link {
    /// A place in the gazetteers: country code, coordinates. `candidates` counts the places
    /// with this name; the preferred reading is a country, then a capital, then the most populous.
    Place {
        name: String,
        country: String,
        lat: f64,
        lon: f64,
        population: u64,
        place_type: PlaceKind,
        candidates: usize,
    },
    /// A CAMEO actor of the UniversalPetrarch dictionary, with the code valid on the
    /// publication date (or the first listed when no date applies).
    Actor {
        code: String,
        from: Option<String>,
        to: Option<String>,
        name: String,
    },
}

/// What kind of place a gazetteer entry is; the preferred reading of a name is a country,
/// then a capital, then the most populous city.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    Capital,
    City,
}

/// A quotation: direct (in quotation marks) or reported (a reporting verb and an إن/أن clause).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Span of the quoted content (without the quotation marks).
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    /// The reporting verb (قال، أضاف، مؤكدا ...), when there is one.
    pub verb: Option<crate::Span>,
    pub verb_text: Option<String>,
    /// The speaking entity's id, when the speaker is a known entity.
    pub speaker: Option<String>,
    /// The speaker as the text names it (also when no entity could be found: مسؤولان بالبيت الأبيض).
    pub speaker_text: Option<String>,
    /// How the speaker was found.
    pub speaker_from: Option<SpeakerFrom>,
}

/// Whether a quotation gives the words themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// In quotation marks.
    Direct,
    /// A reporting verb and an إن/أن clause.
    Reported,
}

/// How a quotation's speaker was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerFrom {
    /// The subject after the verb.
    Subject,
    /// The author of a statement (بيان صادر عن X).
    Statement,
    /// The subject of the sentence, for participles such as قائلا.
    Clause,
    /// A verb with no subject continues the last speaker.
    Previous,
    /// The subject is a definite noun or a title standing for an entity named earlier
    /// (وقالت الوزارة → وزارة العدل; وأكد المسؤول الأممي → the person with that title).
    Antecedent,
    /// Reported through someone (نقلت الوكالة عن مصادر ...): the source after عن.
    Source,
    /// A verb with no subject and no speaker in the sentences before it: rasid does not
    /// guess.
    Unknown,
}

/// One participant of an event: an entity, its CAMEO actor code when linked, or text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub entity: Option<String>,
    pub text: String,
    pub actor_code: Option<String>,
}

/// Whether an event happened, as the text tells it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// The text reports it as done or going on.
    #[default]
    Reported,
    /// Future, intended or scheduled (سيلتقي، من المقرر أن، يعتزم).
    Planned,
    /// Said not to have happened (لم يلتق، نفى اعتقال).
    Negated,
    /// Only in what someone says (inside a quotation): `claimed_by` says who.
    Claimed,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Reported => "reported",
            EventStatus::Planned => "planned",
            EventStatus::Negated => "negated",
            EventStatus::Claimed => "claimed",
        }
    }

    /// The status [`as_str`](Self::as_str) names.
    pub fn parse(s: &str) -> Option<EventStatus> {
        [
            EventStatus::Reported,
            EventStatus::Planned,
            EventStatus::Negated,
            EventStatus::Claimed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// Where an event happened: the place entity and its gazetteer coordinates when linked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    pub entity: Option<String>,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `text` when named with the event, `dateline` when taken from the article's dateline.
    pub from: String,
}

/// Who did what to whom, where and when, coded with CAMEO. Records of schema
/// `rasid.analysis/3` (before status, Goldstein and the place's coordinates) still load:
/// the fields added since default, and a place given as an entity id is read as one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO event code (040 consult, 042 visit, 111 criticise ...).
    pub cameo: CameoCode,
    /// The CAMEO name of the code.
    pub label: String,
    /// The Goldstein conflict–cooperation value of the code (-10 to +10).
    #[serde(default)]
    pub goldstein: f64,
    /// GDELT's QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    #[serde(default)]
    pub quad_class: u8,
    /// The trigger word (a verb, a verbal noun or an event noun), without proclitics.
    pub verb: crate::Span,
    pub verb_text: String,
    pub source: Option<Participant>,
    pub target: Option<Participant>,
    /// Further actors of the same event (قمة جمعت X وY وZ; اجتماع بين X وY).
    #[serde(default)]
    pub others: Vec<Participant>,
    /// A count of people the event names (مقتل 5 أشخاص، اعتقال 12 متظاهرا).
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub status: EventStatus,
    /// Who says a `claimed` event happened: the speaker of the quotation it is in.
    #[serde(default)]
    pub claimed_by: Option<Participant>,
    #[serde(deserialize_with = "place_or_id")]
    pub place: Option<EventPlace>,
    /// The TIMEX3 value of the expression that dates the event.
    pub date: Option<String>,
    /// The sentence the event was read from.
    pub evidence: crate::Span,
    #[serde(default)]
    pub sentence: String,
}

/// An event place as written now, or as schema 3 wrote it (the place entity's id).
fn place_or_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<EventPlace>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Place(EventPlace),
        Id(String),
    }
    Ok(Option::<Written>::deserialize(d)?.map(|w| match w {
        Written::Place(p) => p,
        Written::Id(id) => EventPlace {
            entity: Some(id.clone()),
            name: id,
            lat: None,
            lon: None,
            from: "text".into(),
        },
    }))
}

/// A CAMEO event code: two to four digits, the first two the root family (01-20).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CameoCode(String);

impl CameoCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The root family (`04` of 042).
    pub fn root(&self) -> &str {
        &self.0[..2]
    }
}

/// Why a string is not a CAMEO code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameoCodeError(pub String);

impl std::fmt::Display for CameoCodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a CAMEO code (2 to 4 digits, root 01 to 20)", self.0)
    }
}

impl std::error::Error for CameoCodeError {}

impl TryFrom<String> for CameoCode {
    type Error = CameoCodeError;

    fn try_from(s: String) -> Result<CameoCode, CameoCodeError> {
        let root: Option<u8> = s.get(..2).and_then(|r| r.parse().ok());
        let digits = (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if digits && root.is_some_and(|r| (1..=20).contains(&r)) {
            Ok(CameoCode(s))
        } else {
            Err(CameoCodeError(s))
        }
    }
}

impl std::str::FromStr for CameoCode {
    type Err = CameoCodeError;

    fn from_str(s: &str) -> Result<CameoCode, CameoCodeError> {
        CameoCode::try_from(s.to_string())
    }
}

impl From<CameoCode> for String {
    fn from(c: CameoCode) -> String {
        c.0
    }
}

impl std::fmt::Display for CameoCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for CameoCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::CameoCode;

    #[test]
    fn cameo_codes_are_checked() {
        assert_eq!("042".parse::<CameoCode>().unwrap().root(), "04");
        for bad in ["", "4", "21", "00", "0421a", "04210", "٠٤٢"] {
            assert!(bad.parse::<CameoCode>().is_err(), "{bad}");
        }
    }
}
