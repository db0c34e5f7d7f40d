ALTER TABLE "certifications" ADD COLUMN "revoked_on" date;--> statement-breakpoint
-- A certificate stored as revoked before revocation dates were kept: revoked from its first day.
UPDATE "certifications" SET "revoked_on" = "valid_from" WHERE "status" = 'revoked';
