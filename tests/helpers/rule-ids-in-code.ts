/**
 * Every message rule id Galley's code uses, read from its syntax (TypeScript's parser, no type
 * checker): `ruleId: '…'` properties (either branch of a condition too), comparisons with a
 * `ruleId`, and string arguments given to a helper whose parameter is named `ruleId` (`fatal(file,
 * reason, 'empty-body')`), including a `[reason, ruleId]` pair chosen before such a call.
 */
import { readFileSync } from 'node:fs'
import { globSync } from 'tinyglobby'
import ts from 'typescript'

/** A rule id and where the code uses it (`file:line`). */
export interface RuleIdUse {
  id: string
  at: string
}

const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/

/** Rule ids used in `patterns` (default: every TypeScript file of `pipeline/` and `templates/`). */
export function ruleIdsInCode(patterns = ['pipeline/**/*.ts', 'templates/**/*.ts', 'templates/**/*.tsx']): RuleIdUse[] {
  const files = globSync(patterns).sort()
  const sources = files.map((file) =>
    ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX),
  )
  // Helpers by name: the position of their `ruleId` parameter, in their own file and across files.
  const global = new Map<string, Set<number>>()
  const local = new Map<ts.SourceFile, Map<string, number>>()
  for (const source of sources) {
    const own = new Map<string, number>()
    visit(source, (node) => {
      const helper = helperOf(node)
      if (!helper) return
      own.set(helper.name, helper.index)
      let indices = global.get(helper.name)
      if (!indices) global.set(helper.name, (indices = new Set()))
      indices.add(helper.index)
    })
    local.set(source, own)
  }
  const uses: RuleIdUse[] = []
  for (const source of sources) {
    const add = (node: ts.Node) => {
      for (const literal of literalsIn(node))
        if (RULE_ID.test(literal.text))
          uses.push({
            id: literal.text,
            at: `${source.fileName}:${source.getLineAndCharacterOfPosition(literal.getStart()).line + 1}`,
          })
    }
    visit(source, (node) => {
      if (ts.isPropertyAssignment(node) && nameOf(node.name) === 'ruleId') add(node.initializer)
      else if (ts.isBinaryExpression(node) && isComparison(node.operatorToken.kind)) {
        if (isRuleIdReference(node.left)) add(node.right)
        if (isRuleIdReference(node.right)) add(node.left)
      } else if (ts.isCallExpression(node)) {
        const name = ts.isIdentifier(node.expression)
          ? node.expression.text
          : ts.isPropertyAccessExpression(node.expression)
            ? node.expression.name.text
            : undefined
        if (!name) return
        const own = local.get(source)!.get(name)
        const indices = own !== undefined ? [own] : [...(global.get(name) ?? [])]
        for (const index of indices) {
          const argument = node.arguments[index]
          if (argument && !ts.isIdentifier(argument)) add(argument)
        }
      } else if (ts.isVariableDeclaration(node) && ts.isArrayBindingPattern(node.name) && node.initializer) {
        const index = node.name.elements.findIndex(
          (element) => ts.isBindingElement(element) && nameOf(element.name) === 'ruleId',
        )
        if (index >= 0)
          visit(node.initializer, (inner) => {
            if (ts.isArrayLiteralExpression(inner) && inner.elements[index]) add(inner.elements[index])
          })
      }
    })
  }
  return uses
}

/** A function (declaration, or arrow or function expression bound to a name) with a `ruleId` parameter. */
function helperOf(node: ts.Node): { name: string; index: number } | undefined {
  let name: string | undefined
  let parameters: ts.NodeArray<ts.ParameterDeclaration> | undefined
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    name = nameOf(node.name)
    parameters = node.parameters
  } else if (
    ts.isVariableDeclaration(node) &&
    node.initializer &&
    (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
  ) {
    name = nameOf(node.name)
    parameters = node.initializer.parameters
  }
  const index = parameters?.findIndex((parameter) => nameOf(parameter.name) === 'ruleId') ?? -1
  return name && index >= 0 ? { name, index } : undefined
}

function isRuleIdReference(node: ts.Node): boolean {
  return (
    (ts.isIdentifier(node) && node.text === 'ruleId') ||
    (ts.isPropertyAccessExpression(node) && node.name.text === 'ruleId')
  )
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return [
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ].includes(kind)
}

/** String literals of an expression: itself, or the branches of conditions and parentheses. */
function literalsIn(node: ts.Node): Array<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral> {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node]
  if (ts.isConditionalExpression(node)) return [...literalsIn(node.whenTrue), ...literalsIn(node.whenFalse)]
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literalsIn(node.expression)
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    return [...literalsIn(node.left), ...literalsIn(node.right)]
  return []
}

function nameOf(name: ts.Node): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node)
  node.forEachChild((child) => visit(child, each))
}
