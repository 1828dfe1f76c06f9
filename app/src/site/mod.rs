//! The public pages (the landing page, Terms and Privacy) and the frame around every page.

pub mod landing;
pub mod legal;
pub mod shell;
