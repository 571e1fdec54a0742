//! The Update pop-up's form: a name field and the three permission checkboxes.

use tui_input::{Input, InputRequest};

use super::list::RequestId;
use super::state::{Choice, Target};
use mnq_api::ApiError;
use mnq_api::model::{Permissions, Service, name_problem};

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

    fn step(self, forward: bool) -> Field {
        let index = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let count = Self::ORDER.len();
        let next = if forward {
            (index + 1) % count
        } else {
            (index + count - 1) % count
        };
        Self::ORDER[next]
    }
}

/// The Update pop-up of Queues or Topics and Events credentials.
#[derive(Debug, Clone)]
pub struct UpdateForm {
    pub target: Target,
    pub service: Service,
    pub name: Input,
    pub permissions: Permissions,
    original_name: String,
    original_permissions: Permissions,
    pub focus: Field,
    pub status: FormStatus,
    /// "Discard your changes?", asked over the form after Esc or Cancel on an edited form;
    /// the focused button. The form keeps everything typed while it is asked.
    pub discard: Option<Choice>,
}

/// Where the form's update stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormStatus {
    Editing,
    /// The update is in flight; the form cannot be sent again meanwhile.
    Submitting(RequestId),
    /// The last attempt failed; the form can be corrected and sent again.
    Failed(ApiError),
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

impl UpdateForm {
    pub fn new(target: Target, service: Service, permissions: Permissions) -> Self {
        UpdateForm {
            name: Input::new(target.name.clone()),
            original_name: target.name.clone(),
            original_permissions: permissions,
            permissions,
            target,
            service,
            focus: Field::Name,
            status: FormStatus::Editing,
            discard: None,
        }
    }

    /// The update in flight, if there is one.
    pub fn submitting(&self) -> Option<RequestId> {
        match self.status {
            FormStatus::Submitting(id) => Some(id),
            FormStatus::Editing | FormStatus::Failed(_) => None,
        }
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
                .is_empty()
                .then_some("choose at least one permission"),
        }
    }

    pub fn focus_next(&mut self, forward: bool) {
        self.focus = self.focus.step(forward);
    }

    /// Space on a checkbox.
    pub fn toggle_focused(&mut self) {
        let permissions = &mut self.permissions;
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

    /// Pasted text goes into the name field on one line: line breaks and tabs become spaces,
    /// other control characters are dropped.
    pub fn paste(&mut self, text: &str) {
        for c in text.trim_end_matches(['\r', '\n']).chars() {
            match c {
                '\r' => {}
                '\n' | '\t' => {
                    self.name.handle(InputRequest::InsertChar(' '));
                }
                c if c.is_control() => {}
                c => {
                    self.name.handle(InputRequest::InsertChar(c));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnq_api::model::{CredentialsId, Product, ProjectId, Region};

    fn form() -> UpdateForm {
        let target = Target {
            product: Product::Queues,
            region: Region::FrPar,
            project_id: ProjectId("p".into()),
            id: CredentialsId("c".into()),
            name: "orders".into(),
            account: None,
        };
        UpdateForm::new(target, Service::Sqs, Permissions::new(true, false, false))
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
