/**
 * Types of the organizations repository (`organizations.ts`).
 * @module
 */

export interface Organization {
  id: string;
  name: string;
  createdAt: number;
}

export interface OrganizationsRepo {
  create(input: { id?: string; name: string }): Promise<Organization>;
  get(id: string): Promise<Organization | undefined>;
  list(): Promise<Organization[]>;
}
