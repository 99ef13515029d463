// A downstream site's use of the API, type-checked against types generated from /api/openapi.json.
// tests/test_api_typescript.py generates ./api.d.ts beside a copy of this file and runs
// `tsc --strict --noEmit`: a change of the API that would break such a site fails that test.

import type { components, operations } from "./api";

type Schemas = components["schemas"];
type Json<Operation extends keyof operations> = operations[Operation]["responses"][200]["content"]["application/json"];

const BASE = "https://portal.example";

async function read<T>(path: string): Promise<T> {
  const response = await fetch(BASE + path);
  if (!response.ok) {
    const error: Schemas["Error"] = await response.json();
    throw new Error(error.detail);
  }
  return response.json();
}

// A news page: list items carry only the fields asked for, so each one is optional.
export async function newsHeadlines(): Promise<string[]> {
  const page: Json<"list_articles"> = await read("/api/articles/?locale=en&fields=title,date,url");
  const total: number = page.total;
  return page.items.map((article) => {
    const locale: Schemas["Locale"] = article.locale;
    return `${article.title ?? "(untitled)"} ${article.date ?? ""} [${locale}] ${article.url ?? ""} of ${total}`;
  });
}

// A company's page: one item comes whole, coded values with their labels.
export async function companyCard(id: number): Promise<string> {
  const company: Json<"get_company"> = await read(`/api/companies/${id}/`);
  const region: Schemas["Voivodeship"] = company.voivodeship.code;
  const size: string = company.size.label;
  const form: Schemas["LegalForm"] = company.legal_form.code;
  const sectors = company.sectors.map((sector) => sector.name).join(", ");
  return `${company.name}, ${company.city} (${company.voivodeship.label}, ${region}); ${size}; ${form}; ${sectors}`;
}

// Every kind of offer, handled: adding a kind to the API makes this switch fail to compile.
function offerHeading(kind: Schemas["OfferKind"]): string {
  switch (kind) {
    case "business_offer":
    case "technology_offer":
      return "Offer";
    case "business_request":
    case "technology_request":
    case "rd_request":
      return "Request";
    case "service":
      return "Service";
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

export async function offerSummary(id: number): Promise<string> {
  const offer: Schemas["Offer"] = await read<Json<"get_offer">>(`/api/offers/${id}/`);
  const cooperation = offer.cooperation_types.map((type) => `${type.label} (${type.code})`).join(", ");
  const until = offer.valid_until === null ? "open-ended" : offer.valid_until;
  const by = `${offer.company.name}, ${offer.company.voivodeship.label}`;
  return `${offerHeading(offer.kind.code)}: ${offer.kind.label} — ${offer.title} by ${by}; ${cooperation}; ${until}`;
}

// A cluster's page with its companies whole, in one request: `included` is there when asked for.
export async function clusterMembers(id: number): Promise<string[]> {
  const cluster: Json<"get_cluster"> = await read(`/api/clusters/${id}/?include=members,coordinator`);
  const companies: Schemas["Company"][] = cluster.included?.companies ?? [];
  const whole = new Map(companies.map((company) => [company.id, company]));
  return cluster.members.map((member) => `${member.name}: ${whole.get(member.id)?.size.label ?? "?"}`);
}

// A filter sidebar: how many companies each choice would list, over the whole filtered list.
export async function regionCounts(): Promise<string[]> {
  const page: Json<"list_companies"> = await read("/api/companies/?locale=pl&size=small&facets=voivodeship&limit=1");
  const regions: Schemas["VoivodeshipFacetValue"][] = page.facets?.voivodeship ?? [];
  return regions.map((region) => {
    const code: Schemas["Voivodeship"] = region.code;
    return `${region.label} (${code}): ${region.count}`;
  });
}

// Revalidation: the validators a cached copy is kept with, and the answer that says it is still good.
type Validators = Pick<operations["get_company"]["responses"][200]["headers"], "ETag" | "Last-Modified">;
export function validators(headers: Headers): Validators {
  return { ETag: headers.get("ETag") ?? "", "Last-Modified": headers.get("Last-Modified") ?? "" };
}
export type NotModified = operations["get_company"]["responses"][304];
