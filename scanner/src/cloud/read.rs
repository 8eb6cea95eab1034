//! The one reading layer of the cloud adapters: how a value written in a resource becomes a
//! value of the model, for every service and every source (Terraform, plans, CloudFormation).
//!
//! - [`lookup`] tells a written value from an omitted one and from one that cannot be known,
//!   also below an unknown block: a setting inside a `dynamic` block or an `!If` is unknown
//!   (`null`), never the default.
//! - [`attr`] fills a model path from a resource attribute: converted when known, `null` when
//!   unknown, the default when omitted, located at the line that wrote it. A service declares
//!   the fields it reads the same way from every source as data, a table of [`Field`]s read by
//!   [`read_fields`]; code is left for real logic.
//! - Conversions ([`boolean`], [`integer`], [`string`], …) read CloudFormation's string
//!   booleans and numbers and Terraform's values alike.
//! - References: which resources an attribute points at ([`referenced`], [`reference`],
//!   [`attached_to`], [`all_referenced`]).
//! - [`Obj`]: a builder for nested, located objects and lists (rules of a security group,
//!   listeners, origins), which entity paths alone cannot express.
//!
//! Provider defaults and real logic (which KMS key is customer managed, what a policy allows)
//! stay in each service's adapter; reading stays here.

use serde_json::{Map, Value as Json};

use super::aws::policy_document;
use super::Entity;
use crate::iac::{Inventory, Resource};

/// What is written at a pointer of a resource's attributes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup<'a> {
    /// Not written (nor any block on the way to it).
    Omitted,
    /// Written, but its value (or the value of a block on the way to it) is unknown.
    Unknown,
    Known(&'a Json),
}

/// The value at `pointer`, telling an omitted value from one inside an unknown block
/// (`/server_side_encryption/0/enabled` when `server_side_encryption` is a dynamic block).
pub fn lookup<'a>(res: &'a Resource, pointer: &str) -> Lookup<'a> {
    let mut at = &res.attrs;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let next = match at {
            Json::Object(map) => map.get(&segment),
            Json::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Json::Null => return Lookup::Unknown,
            _ => None,
        };
        match next {
            Some(v) => at = v,
            None => return Lookup::Omitted,
        }
    }
    if at.is_null() {
        Lookup::Unknown
    } else {
        Lookup::Known(at)
    }
}

/// Model path `path` takes the attribute at `pointer`: converted when known, `null` when
/// unknown (also inside an unknown block), `default` when omitted; located when written.
pub fn attr(
    e: &mut Entity,
    path: &str,
    res: &Resource,
    pointer: &str,
    default: Json,
    convert: impl Fn(&Json) -> Json,
) -> Json {
    let value = match lookup(res, pointer) {
        Lookup::Omitted => {
            e.set(path, default.clone());
            // Omitted from a block that is written (`versioning { }` without `mfa_delete`):
            // the block is where it belongs, not the resource's header.
            if written_block_on_the_way(res, pointer) || (is_cloudformation(res) && res.spans.contains_key("")) {
                e.locate(path, res, pointer);
            }
            return default;
        }
        Lookup::Unknown => Json::Null,
        Lookup::Known(v) => convert(v),
    };
    e.set(path, value.clone()).locate(path, res, pointer);
    value
}

/// Whether a block on the way to `pointer` (not the resource itself) is written.
/// CloudFormation's `Properties` counts (its span is the resource's `""`).
fn written_block_on_the_way(res: &Resource, pointer: &str) -> bool {
    let mut end = pointer.len();
    while let Some(i) = pointer[..end].rfind('/') {
        if i == 0 {
            return false;
        }
        if res.spans.contains_key(&pointer[..i]) {
            return true;
        }
        end = i;
    }
    false
}

/// What a field holds when its attribute is omitted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    Null,
    Bool(bool),
    Int(i64),
    Str(&'static str),
}

impl DefaultValue {
    pub fn json(self) -> Json {
        match self {
            DefaultValue::Null => Json::Null,
            DefaultValue::Bool(b) => Json::Bool(b),
            DefaultValue::Int(i) => Json::from(i),
            DefaultValue::Str(s) => Json::from(s),
        }
    }
}

/// A field a service reads the same way from Terraform and CloudFormation: its model path, the
/// attribute (Terraform) and property (CloudFormation) pointers, its default and conversion.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub path: &'static str,
    pub terraform: &'static str,
    pub cloudformation: &'static str,
    pub default: DefaultValue,
    pub convert: fn(&Json) -> Json,
}

impl Field {
    pub const fn new(
        path: &'static str,
        terraform: &'static str,
        cloudformation: &'static str,
        default: DefaultValue,
        convert: fn(&Json) -> Json,
    ) -> Field {
        Field { path, terraform, cloudformation, default, convert }
    }

    /// The pointer this field is read from in `res`'s source.
    pub fn pointer(&self, res: &Resource) -> &'static str {
        if is_cloudformation(res) {
            self.cloudformation
        } else {
            self.terraform
        }
    }
}

/// CloudFormation types are `Vendor::Service::Type`; Terraform's are snake case.
pub fn is_cloudformation(res: &Resource) -> bool {
    res.kind.contains("::")
}

/// Fill every field of `fields` from `res` (see [`attr`]).
pub fn read_fields(e: &mut Entity, res: &Resource, fields: &[Field]) {
    for f in fields {
        attr(e, f.path, res, f.pointer(res), f.default.json(), f.convert);
    }
}

/// A boolean: JSON booleans, and the `"true"`/`"false"` strings CloudFormation accepts.
pub fn boolean(v: &Json) -> Json {
    match v {
        Json::Bool(b) => Json::Bool(*b),
        Json::String(s) if s.eq_ignore_ascii_case("true") => Json::Bool(true),
        Json::String(s) if s.eq_ignore_ascii_case("false") => Json::Bool(false),
        _ => Json::Null,
    }
}

/// An integer: JSON numbers and numeric strings (`"7"`).
pub fn integer(v: &Json) -> Json {
    match v {
        Json::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64)).into()
        }
        Json::String(s) => s.trim().parse::<i64>().map(Json::from).unwrap_or(Json::Null),
        _ => Json::Null,
    }
}

/// A string: strings as written, numbers and booleans in their text form.
pub fn string(v: &Json) -> Json {
    match v {
        Json::String(_) => v.clone(),
        Json::Number(n) => Json::String(n.to_string()),
        Json::Bool(b) => Json::String(b.to_string()),
        _ => Json::Null,
    }
}

/// A string in lower case (protocols, enums written in either case).
pub fn lower(v: &Json) -> Json {
    match string(v) {
        Json::String(s) => Json::String(s.to_ascii_lowercase()),
        other => other,
    }
}

/// A string in upper case.
pub fn upper(v: &Json) -> Json {
    match string(v) {
        Json::String(s) => Json::String(s.to_ascii_uppercase()),
        other => other,
    }
}

/// A list of strings (a single string is a list of one); items that are not strings are `null`.
pub fn string_list(v: &Json) -> Json {
    match v {
        Json::Array(items) => Json::Array(items.iter().map(string).collect()),
        Json::String(_) => Json::Array(vec![v.clone()]),
        _ => Json::Null,
    }
}

/// Model path `path` takes the IAM policy document at `pointer`, normalised (`null` when unknown
/// or malformed) and located statement by statement where the source allows; `default` when
/// omitted.
pub fn policy(e: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str, default: Json) {
    match policy_document::resolve(inv, res, pointer) {
        None => {
            e.set(path, default);
        }
        Some(doc) => {
            e.set(path, doc);
            policy_document::locate(e, path, inv, res, pointer);
        }
    }
}

/// The addresses the expression at `pointer` (or anything below it) refers to.
pub fn refs_under<'a>(res: &'a Resource, pointer: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    res.refs
        .iter()
        .filter(move |(p, _)| p.as_str() == pointer || (p.starts_with(pointer) && p[pointer.len()..].starts_with('/')))
        .flat_map(|(_, refs)| refs.iter().map(String::as_str))
}

/// Whether an address refers to `target` or one of its instances (`aws_kms_key.k` and
/// `aws_kms_key.k[0]` match either way).
pub fn same_resource(reference: &str, target: &str) -> bool {
    let instance_of = |a: &str, b: &str| a.len() > b.len() && a.starts_with(b) && a[b.len()..].starts_with('[');
    reference == target || instance_of(reference, target) || instance_of(target, reference)
}

/// The instance key of a resource address (`["a"]` of `aws_sqs_queue.q["a"]`, `[0]`), if any.
fn instance_key<'a>(address: &'a str, kind: &str) -> Option<&'a str> {
    let at = address.rfind(&format!("{kind}."))? + kind.len() + 1;
    let key = address[at..].find('[')? + at;
    Some(&address[key..])
}

/// Whether `res` (a resource that configures another, like a queue policy) refers to
/// `target` through the attribute at `pointer`. When both are instances of a `count` or
/// `for_each` and the reference names the whole resource (`for_each = aws_sqs_queue.q` with
/// `queue_url = each.value.id`), the instance with the same key is the one meant.
pub fn configures(res: &Resource, pointer: &str, target: &Resource) -> bool {
    let own_key = instance_key(&res.address, &res.kind);
    refs_under(res, pointer).any(|r| {
        if !same_resource(r, &target.address) {
            return false;
        }
        let whole = target.address.len() > r.len() && target.address.starts_with(r);
        match (whole, own_key) {
            (true, Some(key)) => &target.address[r.len()..] == key,
            _ => true,
        }
    })
}

/// The resources the expression at `pointer` (or below it) refers to, in reference order.
pub fn referenced<'a>(inv: &'a Inventory, res: &'a Resource, pointer: &'a str) -> Vec<&'a Resource> {
    let mut found: Vec<&Resource> = Vec::new();
    let mut pointers: Vec<&String> = res
        .refs
        .keys()
        .filter(|p| p.as_str() == pointer || (p.starts_with(pointer) && p[pointer.len()..].starts_with('/')))
        .collect();
    pointers.sort();
    for p in pointers {
        for r in res.refs.get(p).into_iter().flatten() {
            // A reference to a whole `count`/`for_each` resource means, from an instance, the
            // instance with the same key when there is one.
            let own_key = instance_key(&res.address, &res.kind);
            let hit = inv.get(r).or_else(|| {
                let mut instances = inv.resources.iter().filter(|c| same_resource(&c.address, r));
                let keyed = own_key.and_then(|key| {
                    inv.resources
                        .iter()
                        .find(|c| same_resource(&c.address, r) && c.address[r.len().min(c.address.len())..] == *key)
                });
                keyed.or_else(|| instances.next())
            });
            if let Some(hit) = hit {
                if !found.iter().any(|f| f.address == hit.address) {
                    found.push(hit);
                }
            }
        }
    }
    found
}

/// The first resource of one of `kinds` (managed, not data) the expression at `pointer`
/// refers to: the target of a `<name>_ref`.
pub fn reference_to<'a>(
    inv: &'a Inventory,
    res: &'a Resource,
    pointer: &'a str,
    kinds: &[&str],
) -> Option<&'a Resource> {
    referenced(inv, res, pointer).into_iter().find(|r| !r.data && kinds.contains(&r.kind.as_str()))
}

/// The address of the first resource of one of `kinds` the attribute refers to, or `null`.
pub fn ref_address(inv: &Inventory, res: &Resource, pointer: &str, kinds: &[&str]) -> Json {
    reference_to(inv, res, pointer, kinds).map_or(Json::Null, |r| Json::String(r.address.clone()))
}

/// Model path `path` takes the address of the resource of `kinds` the attribute refers to, or
/// `null`; located at the attribute when written.
pub fn reference(e: &mut Entity, path: &str, inv: &Inventory, res: &Resource, pointer: &str, kinds: &[&str]) {
    let target = reference_to(inv, res, pointer, kinds).map(|r| Json::String(r.address.clone()));
    e.set(path, target.unwrap_or(Json::Null));
    if lookup(res, pointer) != Lookup::Omitted {
        e.locate(path, res, pointer);
    }
}

/// The items of a list attribute (nested blocks are arrays of objects): `None` when the list
/// itself is unknown. Each item comes with its pointer; unknown items are skipped.
pub fn items(res: &Resource, pointer: &str) -> Option<Vec<String>> {
    match lookup(res, pointer) {
        Lookup::Omitted => Some(Vec::new()),
        Lookup::Unknown => None,
        Lookup::Known(Json::Array(list)) => Some(
            list.iter().enumerate().filter(|(_, v)| v.is_object()).map(|(i, _)| format!("{pointer}/{i}")).collect(),
        ),
        // CloudFormation allows a single object where a list is expected in a few places.
        Lookup::Known(Json::Object(_)) => Some(vec![pointer.to_string()]),
        Lookup::Known(_) => None,
    }
}

/// Written: `true` (whatever the value); unknown stays `null`.
pub fn written(_: &Json) -> Json {
    Json::Bool(true)
}

/// The inventory resources an address from `refs` names: itself, or the instances of a counted
/// resource, or (for an indexed reference to an unexpanded one) the base resource.
fn resolve<'a>(inv: &'a Inventory, address: &str) -> Vec<&'a Resource> {
    if let Some(r) = inv.get(address) {
        return vec![r];
    }
    let prefix = format!("{address}[");
    let expanded: Vec<&Resource> = inv.resources.iter().filter(|r| r.address.starts_with(&prefix)).collect();
    if !expanded.is_empty() {
        return expanded;
    }
    address.rfind('[').filter(|_| address.ends_with(']')).and_then(|i| inv.get(&address[..i])).into_iter().collect()
}

/// The managed resources of one type (data sources of the same type are lookups, not resources
/// this unit creates).
pub fn managed<'a>(inv: &'a Inventory, kind: &str) -> impl Iterator<Item = &'a Resource> + 'a {
    inv.of_kind(kind).filter(|r| !r.data)
}

/// Every managed resource of one of `kinds` that the expression at `pointer` refers to: all the
/// instances of a counted resource (group memberships, listeners of a load balancer).
pub fn all_referenced<'a>(inv: &'a Inventory, res: &Resource, pointer: &str, kinds: &[&str]) -> Vec<&'a Resource> {
    let mut out: Vec<&Resource> = Vec::new();
    for address in res.refs.get(pointer).into_iter().flatten() {
        for target in resolve(inv, address) {
            if !target.data && kinds.contains(&target.kind.as_str()) && !out.iter().any(|r| r.address == target.address)
            {
                out.push(target);
            }
        }
    }
    out
}

/// The resources of one of `kinds` referred to from any pointer at or under `pointer`
/// (`/vpc_security_group_ids` holds `/vpc_security_group_ids/0`, … when written as a list).
pub fn all_referenced_under<'a>(
    inv: &'a Inventory,
    res: &Resource,
    pointer: &str,
    kinds: &[&str],
) -> Vec<&'a Resource> {
    let mut pointers: Vec<&String> = res
        .refs
        .keys()
        .filter(|p| p.as_str() == pointer || p.strip_prefix(pointer).is_some_and(|rest| rest.starts_with('/')))
        .collect();
    pointers.sort();
    let mut out: Vec<&Resource> = Vec::new();
    for p in pointers {
        for target in all_referenced(inv, res, p, kinds) {
            if !out.iter().any(|r| r.address == target.address) {
                out.push(target);
            }
        }
    }
    out
}

/// What a split resource's attribute at `pointer` names when no resource of the scan answers to
/// it, as a key that is equal for two split resources configuring the same outside target: its
/// literal value, else its unresolved expression, else what it refers to (a data source), else
/// the split resource itself.
pub fn external_target(split: &Resource, pointer: &str) -> String {
    if let Some(name) = literal(split, pointer) {
        return format!("name:{name}");
    }
    if let Some(expr) = split.exprs.get(pointer) {
        return format!("expr:{expr}");
    }
    let refs: Vec<&str> = refs_under(split, pointer).collect();
    if !refs.is_empty() {
        return format!("ref:{}", refs.join(","));
    }
    format!("self:{}", split.address)
}

/// Split resources no target of the scan answers to, grouped by the outside target their
/// attribute at `pointer` names ([`external_target`]), each group in source order.
pub fn by_external_target<'a>(
    splits: impl IntoIterator<Item = &'a Resource>,
    pointer: &str,
) -> std::collections::BTreeMap<String, Vec<&'a Resource>> {
    let mut targets: std::collections::BTreeMap<String, Vec<&'a Resource>> = Default::default();
    for split in splits {
        targets.entry(external_target(split, pointer)).or_default().push(split);
    }
    targets
}

/// The resources of `kind` attached to `target` through their attribute at `pointer`: by
/// reference; by a literal equal to the target's name at `name_pointer` (or ending in
/// `/<name>` or `:<name>`, as URLs and ARNs do); or, when neither value can be known, by the
/// same unresolved expression (`!Sub 'logs-${AWS::AccountId}'` on both).
pub fn attached_to<'a>(
    inv: &'a Inventory,
    kind: &str,
    pointer: &'a str,
    target: &'a Resource,
    name_pointer: Option<&'a str>,
) -> impl Iterator<Item = &'a Resource> + 'a {
    let name = name_pointer.and_then(|p| literal(target, p));
    let expr = name_pointer.and_then(|p| target.exprs.get(p));
    inv.of_kind(kind).filter(move |r| {
        if r.data {
            return false;
        }
        if configures(r, pointer, target) {
            return true;
        }
        if expr.is_some() && r.exprs.get(pointer) == expr {
            return true;
        }
        let (Some(name), false) = (name, refs_under(r, pointer).next().is_some()) else {
            return false;
        };
        let matches = |v: &Json| {
            v.as_str().is_some_and(|s| {
                s == name
                    || (s.len() > name.len()
                        && s.ends_with(name)
                        && matches!(s.as_bytes()[s.len() - name.len() - 1], b'/' | b':'))
            })
        };
        match lookup(r, pointer) {
            Lookup::Known(Json::Array(items)) => items.iter().any(matches),
            Lookup::Known(v) => matches(v),
            _ => false,
        }
    })
}

/// The literal name of a resource at `pointer`, when known.
pub fn literal<'a>(res: &'a Resource, pointer: &str) -> Option<&'a str> {
    match lookup(res, pointer) {
        Lookup::Known(Json::String(s)) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// A model object under construction: values plus where each came from. Locations are kept
/// relative to the object and resolved when it is applied to an entity at a model path.
pub struct Obj<'r> {
    map: Map<String, Json>,
    locs: Vec<(String, &'r Resource, String)>,
}

impl Default for Obj<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'r> Obj<'r> {
    pub fn new() -> Self {
        Obj { map: Map::new(), locs: Vec::new() }
    }

    /// Set `key` (a `/`-separated path of object keys) without a location of its own.
    pub fn set(&mut self, key: &str, value: Json) -> &mut Self {
        let mut parts = key.split('/');
        let first = parts.next().unwrap_or_default();
        let mut slot = self.map.entry(first.to_string()).or_insert(Json::Null);
        for part in parts {
            if !slot.is_object() {
                *slot = Json::Object(Map::new());
            }
            if let Json::Object(m) = slot {
                slot = m.entry(part.to_string()).or_insert(Json::Null);
            }
        }
        *slot = value;
        self
    }

    /// Report `key` (empty: the object itself) at `res`'s attribute `pointer`.
    pub fn locate(&mut self, key: &str, res: &'r Resource, pointer: &str) -> &mut Self {
        self.locs.push((key.to_string(), res, pointer.to_string()));
        self
    }

    /// `key` takes the value at `pointer` (converted), located there; `default` when omitted,
    /// `null` when written but unknown.
    pub fn field(
        &mut self,
        key: &str,
        res: &'r Resource,
        pointer: &str,
        default: Json,
        convert: impl Fn(&Json) -> Json,
    ) -> &mut Self {
        self.field_from(key, &[(res, pointer.to_string())], default, convert)
    }

    /// As `field`, from the first candidate that writes the attribute (an instance's own
    /// setting, then its launch template's).
    pub fn field_from(
        &mut self,
        key: &str,
        candidates: &[(&'r Resource, String)],
        default: Json,
        convert: impl Fn(&Json) -> Json,
    ) -> &mut Self {
        for (res, pointer) in candidates {
            match lookup(res, pointer) {
                Lookup::Omitted => continue,
                Lookup::Unknown => {
                    self.set(key, Json::Null);
                }
                Lookup::Known(v) => {
                    self.set(key, convert(v));
                }
            }
            return self.locate(key, res, pointer);
        }
        self.set(key, default)
    }

    /// `key` holds the address of the first resource of `kinds` the expression at `pointer`
    /// refers to, or `null`.
    pub fn reference(
        &mut self,
        key: &str,
        inv: &Inventory,
        res: &'r Resource,
        pointer: &str,
        kinds: &[&str],
    ) -> &mut Self {
        let target = all_referenced(inv, res, pointer, kinds).first().map(|r| Json::String(r.address.clone()));
        self.set(key, target.unwrap_or(Json::Null));
        if res.refs.contains_key(pointer) || res.get(pointer).is_some() {
            self.locate(key, res, pointer);
        }
        self
    }

    /// Nest `child` at `key`.
    pub fn child(&mut self, key: &str, child: Obj<'r>) -> &mut Self {
        self.set(key, Json::Object(child.map));
        for (sub, res, pointer) in child.locs {
            self.locs.push((join(key, &sub), res, pointer));
        }
        self
    }

    /// Nest `children` as a list at `key`.
    pub fn list(&mut self, key: &str, children: Vec<Obj<'r>>) -> &mut Self {
        let mut values = Vec::with_capacity(children.len());
        for (i, child) in children.into_iter().enumerate() {
            let base = join(key, &i.to_string());
            for (sub, res, pointer) in child.locs {
                self.locs.push((join(&base, &sub), res, pointer));
            }
            values.push(Json::Object(child.map));
        }
        self.set(key, Json::Array(values))
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        let mut parts = key.split('/');
        let mut current = self.map.get(parts.next()?)?;
        for part in parts {
            current = current.get(part)?;
        }
        Some(current)
    }

    /// Write every value and location into `entity` (at its root).
    pub fn apply(self, entity: &mut Entity) {
        for (key, value) in self.map {
            entity.set(&key, value);
        }
        for (key, res, pointer) in self.locs {
            if !key.is_empty() {
                entity.locate(&key, res, &pointer);
            }
        }
    }

    /// A new entity for `res` holding this object.
    pub fn into_entity(self, res: &Resource) -> Entity {
        let mut entity = Entity::new(res);
        self.apply(&mut entity);
        entity
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::cloud::aws::testing::resource;
    use crate::iac::Source;

    #[test]
    fn lookup_tells_omitted_from_unknown_blocks() {
        let res = resource("t", "t.x", json!({"a": [{"b": 1}], "c": null, "d": {"e": false}}), &[]);
        assert_eq!(lookup(&res, "/a/0/b"), Lookup::Known(&json!(1)));
        assert_eq!(lookup(&res, "/a/1/b"), Lookup::Omitted);
        assert_eq!(lookup(&res, "/c/0/b"), Lookup::Unknown);
        assert_eq!(lookup(&res, "/d/e"), Lookup::Known(&json!(false)));
        assert_eq!(lookup(&res, "/zz"), Lookup::Omitted);
    }

    #[test]
    fn conversions_accept_cloudformation_strings() {
        assert_eq!(boolean(&json!("True")), json!(true));
        assert_eq!(boolean(&json!("no")), Json::Null);
        assert_eq!(integer(&json!("7")), json!(7));
        assert_eq!(integer(&json!(7.0)), json!(7));
        assert_eq!(integer(&json!("x")), Json::Null);
        assert_eq!(string(&json!(30)), json!("30"));
        assert_eq!(string_list(&json!("a")), json!(["a"]));
    }

    #[test]
    fn attached_by_reference_or_literal_name() {
        let queue = resource("aws_sqs_queue", "aws_sqs_queue.q", json!({"name": "jobs"}), &[]);
        let by_ref = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.a",
            json!({"queue_url": null}),
            &[("/queue_url", "aws_sqs_queue.q")],
        );
        let by_url = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.b",
            json!({"queue_url": "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"}),
            &[],
        );
        let other = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.c",
            json!({"queue_url": "https://sqs.eu-west-1.amazonaws.com/111122223333/myjobs"}),
            &[],
        );
        let inv = Inventory::new(Source::Terraform, vec![queue.clone(), by_ref, by_url, other]);
        let found: Vec<_> = attached_to(&inv, "aws_sqs_queue_policy", "/queue_url", &queue, Some("/name"))
            .map(|r| &r.address)
            .collect();
        assert_eq!(found, ["aws_sqs_queue_policy.a", "aws_sqs_queue_policy.b"]);
    }

    #[test]
    fn instances_attach_to_the_instance_with_their_key() {
        let queue = |key: &str| resource("aws_sqs_queue", &format!("aws_sqs_queue.q[\"{key}\"]"), json!({}), &[]);
        let policy = |key: &str| {
            resource(
                "aws_sqs_queue_policy",
                &format!("aws_sqs_queue_policy.p[\"{key}\"]"),
                json!({"queue_url": null}),
                &[("/queue_url", "aws_sqs_queue.q")],
            )
        };
        let single = resource(
            "aws_sqs_queue_policy",
            "aws_sqs_queue_policy.all",
            json!({"queue_url": null}),
            &[("/queue_url", "aws_sqs_queue.q")],
        );
        let (a, b) = (queue("a"), queue("b"));
        let inv = Inventory::new(Source::Terraform, vec![a.clone(), b.clone(), policy("a"), policy("b"), single]);
        let found: Vec<_> =
            attached_to(&inv, "aws_sqs_queue_policy", "/queue_url", &b, None).map(|r| &r.address).collect();
        assert_eq!(found, ["aws_sqs_queue_policy.p[\"b\"]", "aws_sqs_queue_policy.all"]);
        assert_eq!(instance_key("module.m[0].aws_sqs_queue.q[\"a.b\"]", "aws_sqs_queue"), Some("[\"a.b\"]"));
        assert_eq!(instance_key("aws_sqs_queue.q", "aws_sqs_queue"), None);
    }
}
