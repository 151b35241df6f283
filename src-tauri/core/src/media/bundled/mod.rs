//! The images a database backup needs (see `backup`).

pub mod backup;
