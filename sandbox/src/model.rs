//! Rows of the database and their JSON shapes on the wire (DESIGN §5).
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::clock::iso;
use crate::error::ApiError;

/// A customer row.
pub struct Customer {
    pub id: String,
    pub merchant_customer_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub country: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Customer {
    const COLUMNS: &'static str =
        "id, merchant_customer_id, first_name, last_name, email, country, created_at, updated_at";

    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Customer {
            id: r.get(0)?,
            merchant_customer_id: r.get(1)?,
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            email: r.get(4)?,
            country: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        })
    }

    /// Loads a customer by id.
    pub fn find(conn: &Connection, id: &str) -> rusqlite::Result<Option<Customer>> {
        conn.query_row(
            &format!("SELECT {} FROM customers WHERE id = ?1", Self::COLUMNS),
            [id],
            Self::from_row,
        )
        .optional()
    }

    /// Loads a customer by the merchant's own id.
    pub fn find_by_merchant_id(conn: &Connection, id: &str) -> rusqlite::Result<Option<Customer>> {
        conn.query_row(
            &format!(
                "SELECT {} FROM customers WHERE merchant_customer_id = ?1",
                Self::COLUMNS
            ),
            [id],
            Self::from_row,
        )
        .optional()
    }

    /// Inserts this customer.
    pub fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute(
            &format!(
                "INSERT INTO customers ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                Self::COLUMNS
            ),
            (
                &self.id,
                &self.merchant_customer_id,
                &self.first_name,
                &self.last_name,
                &self.email,
                &self.country,
                self.created_at,
                self.updated_at,
            ),
        )?;
        Ok(())
    }

    /// The API object.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "merchant_customer_id": self.merchant_customer_id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "country": self.country,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        })
    }
}

/// The customer or 404 CUSTOMER_NOT_FOUND.
pub fn customer_or_404(conn: &Connection, id: &str) -> Result<Customer, ApiError> {
    Customer::find(conn, id)?
        .ok_or_else(|| ApiError::not_found("CUSTOMER_NOT_FOUND", "No customer has this id."))
}

/// A customer session row (kind `customer`).
pub struct Session {
    /// Bare UUID.
    pub id: String,
    pub customer_id: String,
    pub expires_at: i64,
    pub created_at: i64,
    /// When the card-testing limit locked it (limits.rs), if it did.
    pub locked_at: Option<i64>,
}

/// The prefix of customer session ids on the wire.
pub const CUSTOMER_SESSION_PREFIX: &str = "cs_";

impl Session {
    /// Loads a customer session of `customer_id` by its wire id (`cs_<uuid>`).
    pub fn find(
        conn: &Connection,
        customer_id: &str,
        wire_id: &str,
    ) -> rusqlite::Result<Option<Session>> {
        let Some(id) = wire_id.strip_prefix(CUSTOMER_SESSION_PREFIX) else {
            return Ok(None);
        };
        conn.query_row(
            "SELECT id, customer_id, expires_at, created_at, locked_at FROM sessions
             WHERE id = ?1 AND customer_id = ?2 AND kind = 'customer'",
            (id, customer_id),
            |r| {
                Ok(Session {
                    id: r.get(0)?,
                    customer_id: r.get(1)?,
                    expires_at: r.get(2)?,
                    created_at: r.get(3)?,
                    locked_at: r.get(4)?,
                })
            },
        )
        .optional()
    }

    /// ACTIVE until `expires_at`, EXPIRED from then on.
    pub fn status(&self, now: i64) -> &'static str {
        if now >= self.expires_at {
            "EXPIRED"
        } else {
            "ACTIVE"
        }
    }

    /// The API object, without the token (only the create response carries it).
    pub fn to_json(&self, now: i64) -> Value {
        json!({
            "id": format!("{CUSTOMER_SESSION_PREFIX}{}", self.id),
            "customer_id": self.customer_id,
            "status": self.status(now),
            "expires_at": iso(self.expires_at),
            "created_at": iso(self.created_at),
            // Set once declines locked the session: the merchant sees why enrollments stopped.
            "locked_at": self.locked_at.map(iso),
        })
    }
}

/// A vaulted (or declined) card. Holds no number and no CVC.
pub struct PaymentMethod {
    pub id: String,
    pub vaulted_token: String,
    pub customer_id: String,
    pub session_id: String,
    pub idempotency_key: String,
    pub status: String,
    pub decline_reason: Option<String>,
    pub brand: String,
    pub iin: String,
    pub lfd: String,
    pub expiration_month: i64,
    pub expiration_year: i64,
    pub holder_name: String,
    pub number_length: i64,
    pub fingerprint: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl PaymentMethod {
    const COLUMNS: &'static str = "id, vaulted_token, customer_id, session_id, idempotency_key, status, decline_reason, brand, iin, lfd, expiration_month, expiration_year, holder_name, number_length, fingerprint, created_at, updated_at";

    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(PaymentMethod {
            id: r.get(0)?,
            vaulted_token: r.get(1)?,
            customer_id: r.get(2)?,
            session_id: r.get(3)?,
            idempotency_key: r.get(4)?,
            status: r.get(5)?,
            decline_reason: r.get(6)?,
            brand: r.get(7)?,
            iin: r.get(8)?,
            lfd: r.get(9)?,
            expiration_month: r.get(10)?,
            expiration_year: r.get(11)?,
            holder_name: r.get(12)?,
            number_length: r.get(13)?,
            fingerprint: r.get(14)?,
            created_at: r.get(15)?,
            updated_at: r.get(16)?,
        })
    }

    /// Inserts this payment method.
    pub fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute(
            &format!(
                "INSERT INTO payment_methods ({}) VALUES
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                Self::COLUMNS
            ),
            rusqlite::params![
                self.id,
                self.vaulted_token,
                self.customer_id,
                self.session_id,
                self.idempotency_key,
                self.status,
                self.decline_reason,
                self.brand,
                self.iin,
                self.lfd,
                self.expiration_month,
                self.expiration_year,
                self.holder_name,
                self.number_length,
                self.fingerprint,
                self.created_at,
                self.updated_at,
            ],
        )?;
        Ok(())
    }

    /// One payment method of a customer.
    pub fn find(
        conn: &Connection,
        customer_id: &str,
        id: &str,
    ) -> rusqlite::Result<Option<PaymentMethod>> {
        conn.query_row(
            &format!(
                "SELECT {} FROM payment_methods WHERE id = ?1 AND customer_id = ?2",
                Self::COLUMNS
            ),
            (id, customer_id),
            Self::from_row,
        )
        .optional()
    }

    /// An ENROLLED payment method of a customer by its vaulted token.
    pub fn find_enrolled_by_token(
        conn: &Connection,
        customer_id: &str,
        vaulted_token: &str,
    ) -> rusqlite::Result<Option<PaymentMethod>> {
        conn.query_row(
            &format!(
                "SELECT {} FROM payment_methods
                 WHERE vaulted_token = ?1 AND customer_id = ?2 AND status = 'ENROLLED'",
                Self::COLUMNS
            ),
            (vaulted_token, customer_id),
            Self::from_row,
        )
        .optional()
    }

    /// A customer's payment methods, newest first; `status` filters when given.
    pub fn list(
        conn: &Connection,
        customer_id: &str,
        status: Option<&str>,
    ) -> rusqlite::Result<Vec<PaymentMethod>> {
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM payment_methods
             WHERE customer_id = ?1 AND (?2 IS NULL OR status = ?2)
             ORDER BY created_at DESC, rowid DESC",
            Self::COLUMNS
        ))?;
        let rows = stmt.query_map((customer_id, status), Self::from_row)?;
        rows.collect()
    }

    /// The API object.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "vaulted_token": self.vaulted_token,
            "status": self.status,
            "customer_id": self.customer_id,
            "card_data": {
                "brand": self.brand,
                "iin": self.iin,
                "lfd": self.lfd,
                "expiration_month": self.expiration_month,
                "expiration_year": self.expiration_year,
                "holder_name": self.holder_name,
                "number_length": self.number_length,
                "fingerprint": self.fingerprint,
            },
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        });
        if let (Some(reason), Some(obj)) = (&self.decline_reason, v.as_object_mut()) {
            obj.insert("decline_reason".into(), Value::String(reason.clone()));
        }
        v
    }
}

/// `{ "payment_methods": [...] }`.
pub fn payment_method_list(methods: &[PaymentMethod]) -> Value {
    json!({ "payment_methods": methods.iter().map(PaymentMethod::to_json).collect::<Vec<_>>() })
}
