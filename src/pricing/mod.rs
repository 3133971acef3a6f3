//! Pricing: the fee engine ([`fees`]), the profit calculator ([`quote`]) and repricing
//! suggestions ([`suggest`]) built from floors, competitors, stock and own-price elasticity.

pub mod elasticity;
pub mod fees;
pub mod policy;
pub mod quote;
pub mod stock;
pub mod suggest;
