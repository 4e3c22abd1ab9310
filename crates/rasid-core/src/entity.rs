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

/// One entity mention found by the tagger. The span leaves out attached proclitics and
/// pronoun suffixes: in ولافروف the mention is لافروف.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub norm: String,
    /// Token range `first_token..end_token` the mention was tagged on.
    pub first_token: usize,
    pub end_token: usize,
}
