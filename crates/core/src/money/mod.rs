//! Money at the front desk: the tariffs of acts, a visit's fees and who
//! pays what (`split`), payments append-only and what is still owed
//! (`ledger`, `owed`), the day's cash and cheque slips (`cash`), receipts
//! (`receipts`) and the receipts book for the accountant (`journal`).
//! Every amount is an integer number of cents (`amount`).
//!
//! Electronic claims (FSE, SESAM-Vitale, NOEMIE returns) need certified
//! components and a card reader: Carnet does not make them, and says so.

pub mod amount;
pub mod cash;
pub mod demo;
pub mod journal;
pub mod ledger;
pub mod owed;
pub mod receipts;
pub mod split;
pub mod tariffs;
