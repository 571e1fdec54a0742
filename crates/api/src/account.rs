//! Wire types of the Scaleway Account API (`account/v3`): the projects of an organisation, which
//! is how a listing reaches every project rather than the configured one.
//!
//! Only what mnq-tui reads is modelled. As with the Messaging and Queuing types, decoding ignores
//! unknown fields (the real answer also carries `status` and `qualification`) and encoding
//! writes every key.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::model::{OrganizationId, ProjectId, Resource, Timestamp};

/// A Scaleway Project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub organization_id: OrganizationId,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(default)]
    pub description: String,
}

impl Resource for Project {
    type Id = ProjectId;
    fn id(&self) -> &ProjectId {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
}

/// `GET /account/v3/projects`: one page of an organisation's projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListProjectsResponse {
    pub total_count: u64,
    pub projects: Vec<Project>,
}

/// The orders the project list accepts (fewer than the credentials lists: no `updated_at`);
/// `created_at_asc` is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ProjectsOrderBy {
    #[default]
    CreatedAtAsc,
    CreatedAtDesc,
    NameAsc,
    NameDesc,
}

impl ProjectsOrderBy {
    pub const ALL: [ProjectsOrderBy; 4] = [
        ProjectsOrderBy::CreatedAtAsc,
        ProjectsOrderBy::CreatedAtDesc,
        ProjectsOrderBy::NameAsc,
        ProjectsOrderBy::NameDesc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectsOrderBy::CreatedAtAsc => "created_at_asc",
            ProjectsOrderBy::CreatedAtDesc => "created_at_desc",
            ProjectsOrderBy::NameAsc => "name_asc",
            ProjectsOrderBy::NameDesc => "name_desc",
        }
    }
}

impl fmt::Display for ProjectsOrderBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProjectsOrderBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProjectsOrderBy::ALL
            .into_iter()
            .find(|order| order.as_str() == s)
            .ok_or_else(|| format!("unknown order {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape the real API answers (from Scaleway's SDKs), extra fields included.
    #[test]
    fn a_project_page_decodes_with_fields_we_do_not_use() {
        let page: ListProjectsResponse = serde_json::from_str(
            r#"{"total_count": 1, "projects": [{
                "id": "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85",
                "name": "default",
                "organization_id": "7d3f9a2c-5e81-4b6f-a0d4-c19e6b8f2a37",
                "created_at": "2024-05-02T08:00:00.000000Z",
                "updated_at": "2024-05-02T08:00:00.000000Z",
                "description": "",
                "status": "ready",
                "qualification": null
            }]}"#,
        )
        .unwrap();
        assert_eq!(page.total_count, 1);
        assert_eq!(page.projects[0].name, "default");
        assert_eq!(
            page.projects[0].organization_id.as_str(),
            "7d3f9a2c-5e81-4b6f-a0d4-c19e6b8f2a37"
        );
    }

    #[test]
    fn orders_read_back_what_they_write() {
        for order in ProjectsOrderBy::ALL {
            assert_eq!(order.as_str().parse::<ProjectsOrderBy>(), Ok(order));
        }
        assert!("updated_at_asc".parse::<ProjectsOrderBy>().is_err());
    }
}
