"""What a browser does with a page, for the load test's simulated users: find the forms and
links in the HTML, send a form back with the fields the page really has, and encode a file
upload. Plain Python (no Django, no locust), so that the tests can check it against the pages
the platform renders.

A form is sent the way a browser sends it: every field the page has, with its current value
(hidden fields such as the CSRF token included), a checkbox only when ticked, one radio button
per group, the button that was pressed. A field the simulated user wants to fill but the page
does not have is an error (``FormMismatch``), never silently added: the load test must post
exactly what the real form expects.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_LIKE = {"text", "hidden", "url", "email", "number", "password", "search", "tel", "date"}


class FormMismatch(Exception):
    """The page's form lacks a field, or a choice, that the simulated user wants to use."""


@dataclass
class Control:
    """One named field of a form, as the page renders it."""

    name: str
    kind: str  # an input type ("text", "radio", "checkbox", "file", …), "select" or "textarea"
    value: str = ""
    checked: bool = False
    disabled: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected), selects

    def current_value(self) -> str:
        """A select's selected option (the first one when none is marked), else the value."""
        if self.kind != "select":
            return self.value
        selected = [value for value, chosen in self.options if chosen]
        if selected:
            return selected[0]
        return self.options[0][0] if self.options else ""


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    def names(self) -> set[str]:
        return {control.name for control in self.controls if not control.disabled}

    def value(self, name: str) -> str:
        """The current value of a text field, select or textarea (as the page fills it in)."""
        for control in self.controls:
            if control.name == name and not control.disabled:
                return control.current_value()
        raise FormMismatch(f"the form has no field {name!r}")

    def submission(
        self,
        values: dict[str, str] | None = None,
        ticked: dict[str, bool] | None = None,
        button: tuple[str, str] | None = None,
    ) -> list[tuple[str, str]]:
        """The name/value pairs a browser sends after the user typed ``values`` (text fields,
        selects, textareas, radio groups by the value to pick), set the checkboxes in
        ``ticked`` and pressed ``button`` (name, value). File inputs are left out: send files
        with ``multipart_body``."""
        values = dict(values or {})
        ticked = dict(ticked or {})
        self._check_wanted(values, ticked, button)
        pairs: list[tuple[str, str]] = []
        for control in self.controls:
            if control.disabled or control.kind in {"submit", "button", "reset", "file"}:
                continue
            if control.kind == "checkbox":
                if ticked.get(control.name, control.checked):
                    pairs.append((control.name, control.value or "on"))
            elif control.kind == "radio":
                if control.name in values:
                    if values[control.name] == control.value:
                        pairs.append((control.name, control.value))
                elif control.checked:
                    pairs.append((control.name, control.value))
            else:
                pairs.append((control.name, values.get(control.name, control.current_value())))
        if button is not None:
            pairs.append(button)
        return pairs

    def _check_wanted(self, values, ticked, button) -> None:
        """Every field, choice and button the user wants must be on the page."""
        enabled = [control for control in self.controls if not control.disabled]
        for name, value in values.items():
            matching = [control for control in enabled if control.name == name]
            if not matching:
                raise FormMismatch(f"the form has no field {name!r}")
            kind = matching[0].kind
            if kind == "radio" and value not in {control.value for control in matching}:
                raise FormMismatch(f"the radio group {name!r} has no choice {value!r}")
            if kind == "select" and value not in {option for option, _ in matching[0].options}:
                raise FormMismatch(f"the list {name!r} has no option {value!r}")
            if kind == "checkbox":
                raise FormMismatch(f"{name!r} is a checkbox: tick it instead of typing into it")
        for name in ticked:
            if not any(control.name == name and control.kind == "checkbox" for control in enabled):
                raise FormMismatch(f"the form has no checkbox {name!r}")
        if button is not None and not any(
            control.kind == "submit" and (control.name, control.value) == button
            for control in enabled
        ):
            raise FormMismatch(f"the form has no button {button[0]}={button[1]!r}")


@dataclass
class Link:
    href: str
    text: str


class _PageParser(HTMLParser):
    """Collects the forms (with their fields) and the links of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[Link] = []
        self._form: Form | None = None
        self._disabled_fieldsets = 0  # nesting depth inside disabled fieldsets
        self._fieldset_stack: list[bool] = []
        self._select: Control | None = None
        self._option: list | None = None  # [value or None, selected, text parts]
        self._textarea: Control | None = None
        self._link: Link | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = Form(
                action=attributes.get("action", ""),
                method=attributes.get("method", "get").lower(),
                enctype=attributes.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
        elif tag == "fieldset":
            disabled = "disabled" in attributes
            self._fieldset_stack.append(disabled)
            self._disabled_fieldsets += disabled
        elif tag == "a" and "href" in attributes:
            self._link = Link(attributes["href"], "")
            self.links.append(self._link)
        elif self._form is not None:
            self._form_tag(tag, attributes)

    def _form_tag(self, tag, attributes):
        disabled = "disabled" in attributes or self._disabled_fieldsets > 0
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            self._form.controls.append(
                Control(
                    name=name,
                    kind=kind,
                    value=attributes.get("value", ""),
                    checked="checked" in attributes,
                    disabled=disabled,
                )
            )
        elif tag == "button" and name:
            kind = attributes.get("type", "submit").lower()
            self._form.controls.append(
                Control(name, kind, attributes.get("value", ""), disabled=disabled)
            )
        elif tag == "select" and name:
            self._select = Control(name, "select", disabled=disabled)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value"), "selected" in attributes, []]
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea", disabled=disabled)
            self._form.controls.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "fieldset" and self._fieldset_stack:
            self._disabled_fieldsets -= self._fieldset_stack.pop()
        elif tag == "a":
            if self._link is not None:
                self._link.text = " ".join(self._link.text.split())
            self._link = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select":
            if self._option is not None:
                self._close_option()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that may follow <textarea>.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None

    def _close_option(self):
        value, selected, text = self._option
        self._select.options.append((value if value is not None else "".join(text), selected))
        self._option = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2].append(data.strip())
        if self._link is not None:
            self._link.text += f" {data}"


@dataclass
class Page:
    forms: list[Form]
    links: list[Link]

    def form_with(self, field_name: str) -> Form:
        """The form that has the field ``field_name`` (the page's other forms — language,
        sign-out, evidence — have other fields)."""
        for form in self.forms:
            if any(control.name == field_name for control in form.controls):
                return form
        raise FormMismatch(f"the page has no form with a field {field_name!r}")


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return Page(parser.forms, parser.links)


# --- Uploads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    field: str
    name: str
    content_type: str
    content: bytes


def multipart_body(
    pairs: list[tuple[str, str]], files: list[UploadedFile], boundary: str | None = None
) -> tuple[bytes, str]:
    """The body and Content-Type header of a ``multipart/form-data`` form submission."""
    boundary = boundary or f"----dti-load-{secrets.token_hex(12)}"
    chunks: list[bytes] = []
    for name, value in pairs:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    for upload in files:
        chunks.append(
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{upload.field}"; '
                f'filename="{upload.name}"\r\n'
                f"Content-Type: {upload.content_type}\r\n\r\n"
            ).encode()
            + upload.content
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


PDF_BODY = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
SMALL_PDF_BYTES = 16 * 1024


def small_pdf(token: str, size: int = SMALL_PDF_BYTES) -> bytes:
    """A one-page PDF of about ``size`` bytes whose content is unique to ``token``, so that
    every upload stores a new file (the platform stores each content once, by its hash)."""
    head = PDF_BODY + f"% load test evidence {token}\n".encode()
    padding_lines = max(size - len(head), 0) // 64
    return head + b"".join(b"%" + b"." * 62 + b"\n" for _ in range(padding_lines))
