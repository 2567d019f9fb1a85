CREATE TYPE "public"."member_role" AS ENUM('owner', 'admin', 'member');--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" "member_role" DEFAULT 'member' NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid DEFAULT auth.uid(),
	"expires_at" timestamp with time zone DEFAULT now() + interval '7 days' NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_email_normalized" CHECK ("invitations"."email" = lower("invitations"."email") and "invitations"."email" like '%_@_%'),
	CONSTRAINT "invitations_role_not_owner" CHECK ("invitations"."role" <> 'owner')
);
--> statement-breakpoint
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid DEFAULT auth.uid() NOT NULL,
	"org_id" uuid,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_title_length" CHECK (char_length("items"."title") between 1 and 200),
	CONSTRAINT "items_body_length" CHECK (char_length("items"."body") <= 10000)
);
--> statement-breakpoint
ALTER TABLE "items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "memberships" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "member_role" DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_pkey" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_name_length" CHECK (char_length("organizations"."name") between 1 and 80),
	CONSTRAINT "organizations_slug_format" CHECK ("organizations"."slug" ~ '^[a-z0-9](?:[a-z0-9-]{1,46})[a-z0-9]$')
);
--> statement-breakpoint
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"avatar_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_display_name_length" CHECK (char_length("profiles"."display_name") <= 80),
	CONSTRAINT "profiles_avatar_url_http" CHECK ("profiles"."avatar_url" is null or "profiles"."avatar_url" ~ '^https?://[^\s]+$')
);
--> statement-breakpoint
ALTER TABLE "profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "auth"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_id_users_id_fk" FOREIGN KEY ("id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_email_key" ON "invitations" USING btree ("org_id","email") WHERE "invitations"."accepted_at" is null;--> statement-breakpoint
CREATE INDEX "invitations_org_created_idx" ON "invitations" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_items_owner_created" ON "items" USING btree ("owner_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_items_owner_title" ON "items" USING btree ("owner_id","title");--> statement-breakpoint
CREATE INDEX "idx_items_org_created" ON "items" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "memberships_user_id_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations" USING btree ("slug");--> statement-breakpoint
CREATE POLICY "invitations_select_admin" ON "invitations" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("invitations"."org_id" = any (array(select private.admin_org_ids())));--> statement-breakpoint
CREATE POLICY "invitations_insert_admin" ON "invitations" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("invitations"."org_id" = any (array(select private.admin_org_ids())) and "invitations"."invited_by" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "invitations_delete_admin" ON "invitations" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("invitations"."org_id" = any (array(select private.admin_org_ids())));--> statement-breakpoint
CREATE POLICY "items_select_owner_or_org_member" ON "items" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("items"."owner_id" = (select auth.uid()) or "items"."org_id" = any (array(select private.member_org_ids())));--> statement-breakpoint
CREATE POLICY "items_insert_own" ON "items" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("items"."owner_id" = (select auth.uid()) and ("items"."org_id" is null or "items"."org_id" = any (array(select private.member_org_ids()))));--> statement-breakpoint
CREATE POLICY "items_update_owner_or_org_admin" ON "items" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("items"."owner_id" = (select auth.uid()) or "items"."org_id" = any (array(select private.admin_org_ids()))) WITH CHECK (("items"."owner_id" = (select auth.uid()) or "items"."org_id" = any (array(select private.admin_org_ids()))) and ("items"."org_id" is null or "items"."org_id" = any (array(select private.member_org_ids()))));--> statement-breakpoint
CREATE POLICY "items_delete_owner_or_org_admin" ON "items" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("items"."owner_id" = (select auth.uid()) or "items"."org_id" = any (array(select private.admin_org_ids())));--> statement-breakpoint
CREATE POLICY "memberships_select_member" ON "memberships" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("memberships"."org_id" = any (array(select private.member_org_ids())));--> statement-breakpoint
CREATE POLICY "memberships_update_admin" ON "memberships" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("memberships"."org_id" = any (array(select private.admin_org_ids())) and ("memberships"."role" <> 'owner' or "memberships"."org_id" = any (array(select private.owner_org_ids())))) WITH CHECK ("memberships"."org_id" = any (array(select private.admin_org_ids())) and ("memberships"."role" <> 'owner' or "memberships"."org_id" = any (array(select private.owner_org_ids()))));--> statement-breakpoint
CREATE POLICY "memberships_delete_self_or_admin" ON "memberships" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("memberships"."user_id" = (select auth.uid()) or ("memberships"."org_id" = any (array(select private.admin_org_ids())) and ("memberships"."role" <> 'owner' or "memberships"."org_id" = any (array(select private.owner_org_ids())))));--> statement-breakpoint
CREATE POLICY "organizations_select_member" ON "organizations" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("organizations"."id" = any (array(select private.member_org_ids())));--> statement-breakpoint
CREATE POLICY "organizations_insert_signed_in" ON "organizations" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ((select auth.uid()) is not null);--> statement-breakpoint
CREATE POLICY "organizations_update_admin" ON "organizations" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("organizations"."id" = any (array(select private.admin_org_ids()))) WITH CHECK ("organizations"."id" = any (array(select private.admin_org_ids())));--> statement-breakpoint
CREATE POLICY "organizations_delete_owner" ON "organizations" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("organizations"."id" = any (array(select private.owner_org_ids())));--> statement-breakpoint
CREATE POLICY "profiles_select_self_or_org_peer" ON "profiles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("profiles"."id" = (select auth.uid()) or "profiles"."id" = any (array(select private.peer_user_ids())));--> statement-breakpoint
CREATE POLICY "profiles_update_self" ON "profiles" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("profiles"."id" = (select auth.uid())) WITH CHECK ("profiles"."id" = (select auth.uid()));