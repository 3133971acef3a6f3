//! sellkit
