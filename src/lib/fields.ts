import { z } from 'zod'

/** The property names of a zod object schema, in its order: what `fields` may choose from. */
export function fieldNames<const Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
): (keyof Shape & string)[] {
  return Object.keys(schema.shape) as (keyof Shape & string)[]
}

const split = (value: string | string[]) =>
  [value]
    .flat()
    .flatMap((v) => v.split(','))
    .filter(Boolean)

/**
 * The `fields` query parameter: a sparse fieldset, as in JSON:API, Directus or Strapi. Names are
 * comma-separated (`fields=id,headline`) or repeated (`fields=id&fields=headline`); an empty value
 * chooses no field. Any name outside `names` is a 400 on `query.fields` that names each of them.
 * Parsed into the set of chosen names; `names` shows in the OpenAPI document as the items' enum.
 */
export function fieldsQuery<const Name extends string>(names: readonly Name[]) {
  const known = new Set<string>(names)
  return z
    .union([
      z.string().max(2000),
      z
        .array(
          z
            .string()
            .max(100)
            .meta({ enum: [...names] }),
        )
        .max(100),
    ])
    .transform((value, ctx) => {
      const chosen = split(value)
      const unknown = [...new Set(chosen.filter((name) => !known.has(name)))]
      if (unknown.length === 0) return new Set(chosen as Name[]) as ReadonlySet<Name>
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}: choose from ${names.join(', ')}`,
      })
      return z.NEVER
    })
}

/** `values` without the properties `names`; `values` itself when there are none. */
export function omitFields<T extends object, K extends string>(
  values: T,
  names: readonly K[],
): Omit<T, K> & Partial<T> {
  if (names.length === 0) return values
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => !names.includes(name as K)),
  ) as Omit<T, K> & Partial<T>
}
