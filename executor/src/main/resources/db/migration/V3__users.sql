-- Users of the REST API (Airflow's simple auth manager roles) and the key that signs their tokens.
-- Passwords are stored as PBKDF2 hashes ("pbkdf2_sha256$<iterations>$<salt>$<hash>", base64), never in clear.

CREATE TABLE auth_user (
    username      VARCHAR(250) NOT NULL,
    password_hash VARCHAR(500) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT auth_user_pkey PRIMARY KEY (username)
);

-- One row per named secret; the service creates the JWT signing key on first start, so every process sharing
-- the store accepts the tokens of every other.
CREATE TABLE auth_secret (
    name       VARCHAR(100) NOT NULL,
    secret     VARCHAR(500) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT auth_secret_pkey PRIMARY KEY (name)
);
