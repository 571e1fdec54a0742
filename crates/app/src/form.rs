//! The pop-up form of Update, Generate (and Rotate) and Create NATS account: a name field and,
//! for Queues and Topics and Events credentials, the three permission checkboxes.

use tui_input::{Input, InputRequest};

use crate::call::RequestId;
use crate::choice::Choice;
use crate::paste::one_line;
use crate::target::Target;
use mnq_api::ApiError;
use mnq_api::model::{NatsAccount, Permissions, Product, ProjectId, Region, Service, name_problem};

/// The form's fields, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Write,
    Read,
    Manage,
    Cancel,
    Submit,
}

impl Field {
    const ORDER: [Field; 6] = [
        Field::Name,
        Field::Write,
        Field::Read,
        Field::Manage,
        Field::Cancel,
        Field::Submit,
    ];

    fn is_permission(self) -> bool {
        matches!(self, Field::Write | Field::Read | Field::Manage)
    }

    /// The next field (or previous one), skipping the checkboxes of a form without them.
    fn step(self, forward: bool, has_permissions: bool) -> Field {
        let count = Self::ORDER.len();
        let mut index = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        loop {
            index = if forward {
                (index + 1) % count
            } else {
                (index + count - 1) % count
            };
            let field = Self::ORDER[index];
            if has_permissions || !field.is_permission() {
                return field;
            }
        }
    }
}

/// Where new credentials are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Service {
        service: Service,
        region: Region,
        project_id: ProjectId,
    },
    /// In a NATS account (which has its region and project).
    Nats(NatsAccount),
}

impl Place {
    pub fn product(&self) -> Product {
        match self {
            Place::Service { service, .. } => service.product(),
            Place::Nats(_) => Product::Nats,
        }
    }

    pub fn region(&self) -> Region {
        match self {
            Place::Service { region, .. } => *region,
            Place::Nats(account) => account.region,
        }
    }
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    /// New name and permissions for Queues or Topics and Events credentials.
    Update { target: Target, service: Service },
    /// New credentials; with `replaces`, the rotation of those credentials.
    Generate {
        place: Place,
        replaces: Option<Target>,
    },
    /// A new NATS account.
    CreateAccount {
        region: Region,
        project_id: ProjectId,
    },
}

impl FormPurpose {
    pub fn product(&self) -> Product {
        match self {
            FormPurpose::Update { target, .. } => target.product,
            FormPurpose::Generate { place, .. } => place.product(),
            FormPurpose::CreateAccount { .. } => Product::Nats,
        }
    }

    pub fn region(&self) -> Region {
        match self {
            FormPurpose::Update { target, .. } => target.region,
            FormPurpose::Generate { place, .. } => place.region(),
            FormPurpose::CreateAccount { region, .. } => *region,
        }
    }

    /// The project the credentials (or the account) are, or will be, in.
    pub fn project_id(&self) -> &ProjectId {
        match self {
            FormPurpose::Update { target, .. } => &target.project_id,
            FormPurpose::Generate {
                place: Place::Service { project_id, .. },
                ..
            } => project_id,
            FormPurpose::Generate {
                place: Place::Nats(account),
                ..
            } => &account.project_id,
            FormPurpose::CreateAccount { project_id, .. } => project_id,
        }
    }

    /// Queues or Topics and Events, whose credentials have permissions.
    pub fn service(&self) -> Option<Service> {
        match self {
            FormPurpose::Update { service, .. } => Some(*service),
            FormPurpose::Generate {
                place: Place::Service { service, .. },
                ..
            } => Some(*service),
            FormPurpose::Generate { .. } | FormPurpose::CreateAccount { .. } => None,
        }
    }
}

/// The form of a pop-up that names (and for Queues and Topics and Events, permits) something.
#[derive(Debug, Clone)]
pub struct Form {
    pub purpose: FormPurpose,
    pub name: Input,
    /// `None` for what has no permissions (NATS credentials and accounts).
    pub permissions: Option<Permissions>,
    original_name: String,
    original_permissions: Option<Permissions>,
    pub focus: Field,
    pub status: FormStatus,
    /// "Discard your changes?", asked over the form after Esc or Cancel on an edited form;
    /// the focused button. The form keeps everything typed while it is asked.
    pub discard: Option<Choice>,
    /// Sending was tried: its problems show even on fields not edited yet.
    pub attempted: bool,
}

/// Where the form's request stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormStatus {
    Editing,
    /// The request is in flight; the form cannot be sent again meanwhile.
    Submitting(RequestId),
    /// The last attempt failed; the form can be corrected and sent again.
    Failed(ApiError),
    /// A create's answer was lost; this list request checks whether it happened.
    Checking(RequestId),
    /// A create's answer was lost and the check found nothing made: it can be sent again.
    NothingCreated,
    /// A create's answer was lost and the check failed too (its error): whether it was made
    /// is not known. It can be sent again, after a look at the list.
    CheckFailed(ApiError),
    /// An update was asked for with the name and permissions as they are: nothing was sent.
    NothingToChange,
}

/// What the form's checks found, shown under the fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Problems {
    pub name: Option<&'static str>,
    pub permissions: Option<&'static str>,
}

impl Problems {
    pub fn any(self) -> bool {
        self.name.is_some() || self.permissions.is_some()
    }
}

impl Form {
    /// The Update pop-up of Queues or Topics and Events credentials, filled in as they are.
    pub fn update(target: Target, service: Service, permissions: Permissions) -> Self {
        let name = target.name.clone();
        Form::new(
            FormPurpose::Update { target, service },
            name,
            Some(permissions),
        )
    }

    /// A form for `purpose`, filled in with `name` and `permissions` (proposed, or as they
    /// are); it counts as edited once either changes.
    pub fn new(purpose: FormPurpose, name: String, permissions: Option<Permissions>) -> Self {
        Form {
            purpose,
            name: Input::new(name.clone()),
            original_name: name,
            original_permissions: permissions,
            permissions,
            focus: Field::Name,
            status: FormStatus::Editing,
            discard: None,
            attempted: false,
        }
    }

    /// The problems to show: none on a form nobody touched yet (a new, empty one).
    pub fn shown_problems(&self) -> Problems {
        if self.attempted || self.is_edited() {
            self.problems()
        } else {
            Problems::default()
        }
    }

    /// The request in flight, if there is one.
    pub fn submitting(&self) -> Option<RequestId> {
        match self.status {
            FormStatus::Submitting(id) | FormStatus::Checking(id) => Some(id),
            FormStatus::Editing
            | FormStatus::Failed(_)
            | FormStatus::NothingCreated
            | FormStatus::CheckFailed(_)
            | FormStatus::NothingToChange => None,
        }
    }

    /// The name and permissions the form started with: the credentials as they were.
    pub fn original(&self) -> (&str, Option<Permissions>) {
        (&self.original_name, self.original_permissions)
    }

    /// Whether anything differs from the credentials as they were.
    pub fn is_edited(&self) -> bool {
        self.name.value() != self.original_name || self.permissions != self.original_permissions
    }

    pub fn problems(&self) -> Problems {
        Problems {
            name: name_problem(self.name.value()),
            permissions: self
                .permissions
                .is_some_and(Permissions::is_empty)
                .then_some("choose at least one permission"),
        }
    }

    pub fn focus_next(&mut self, forward: bool) {
        self.focus = self.focus.step(forward, self.permissions.is_some());
    }

    /// Space on a checkbox.
    pub fn toggle_focused(&mut self) {
        let Some(permissions) = &mut self.permissions else {
            return;
        };
        match self.focus {
            Field::Write => permissions.can_publish = !permissions.can_publish,
            Field::Read => permissions.can_receive = !permissions.can_receive,
            Field::Manage => permissions.can_manage = !permissions.can_manage,
            Field::Name | Field::Cancel | Field::Submit => {}
        }
    }

    pub fn edit_name(&mut self, request: InputRequest) {
        self.name.handle(request);
    }

    /// Pasted text goes into the name field on one line (see [`one_line`]).
    pub fn paste(&mut self, text: &str) {
        for c in one_line(text).chars() {
            self.name.handle(InputRequest::InsertChar(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnq_api::model::{CredentialsId, Product, ProjectId, Region};

    fn form() -> Form {
        let target = Target {
            product: Product::Queues,
            region: Region::FrPar,
            project_id: ProjectId("p".into()),
            id: CredentialsId("c".into()),
            name: "orders".into(),
            key: "SCWORDERS".into(),
            account: None,
        };
        Form::update(target, Service::Sqs, Permissions::new(true, false, false))
    }

    #[test]
    fn a_form_without_permissions_skips_the_checkboxes() {
        let purpose = FormPurpose::CreateAccount {
            region: Region::FrPar,
            project_id: ProjectId("p".into()),
        };
        let mut form = Form::new(purpose, String::new(), None);
        form.focus_next(true);
        assert_eq!(form.focus, Field::Cancel);
        form.focus_next(false);
        form.focus_next(false);
        assert_eq!(form.focus, Field::Submit);
        form.toggle_focused();
        assert_eq!(form.problems().permissions, None);
    }

    #[test]
    fn focus_cycles_through_the_fields_in_console_order() {
        let mut form = form();
        let mut seen = vec![form.focus];
        for _ in 0..6 {
            form.focus_next(true);
            seen.push(form.focus);
        }
        assert_eq!(
            seen,
            [
                Field::Name,
                Field::Write,
                Field::Read,
                Field::Manage,
                Field::Cancel,
                Field::Submit,
                Field::Name
            ]
        );
        form.focus_next(false);
        assert_eq!(form.focus, Field::Submit);
    }

    #[test]
    fn unticking_every_permission_is_a_problem() {
        let mut form = form();
        form.focus = Field::Write;
        form.toggle_focused();
        assert_eq!(
            form.problems().permissions,
            Some("choose at least one permission")
        );
        assert!(form.is_edited());
    }

    #[test]
    fn a_multi_line_paste_becomes_one_line() {
        let mut form = form();
        form.edit_name(InputRequest::DeleteLine);
        form.paste("billing\nconsumer\u{1b}\tv2\r\n");
        assert_eq!(form.name.value(), "billing consumer v2");
    }
}
