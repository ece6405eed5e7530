// DataValidationBuilder and DataValidation. A built rule is plain frozen data (ValidationRule);
// the wrappers only read it, so one rule can sit on many cells.
import type { World } from '../world';
import { bill, DataValidationCriteriaEnum, expose, signatureError } from './expose';
import { appsScriptError, type ValidationRule } from './model';

type Builder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;
type Validation = GoogleAppsScript.Spreadsheet.DataValidation;

interface Draft {
  criteria: { kind: 'list'; values: string[]; showDropdown: boolean } | { kind: 'checkbox'; customValues?: readonly [unknown, unknown] } | null;
  allowInvalid: boolean;
  helpText: string;
}

class EmuDataValidationBuilder
  implements
    Pick<
      Builder,
      | 'requireValueInList'
      | 'requireCheckbox'
      | 'setAllowInvalid'
      | 'setHelpText'
      | 'build'
      | 'getCriteriaType'
      | 'getCriteriaValues'
      | 'getAllowInvalid'
      | 'getHelpText'
      | 'copy'
    >
{
  constructor(
    readonly world: World,
    // Apps Script's builder allows invalid input unless told otherwise.
    readonly draft: Draft = { criteria: null, allowInvalid: true, helpText: '' },
  ) {}

  requireValueInList(values: unknown, showDropdown?: unknown): Builder {
    bill(this.world, 'DataValidationBuilder.requireValueInList');
    if (!Array.isArray(values) || (showDropdown !== undefined && typeof showDropdown !== 'boolean')) {
      throw signatureError('DataValidationBuilder.requireValueInList', showDropdown === undefined ? [values] : [values, showDropdown]);
    }
    this.draft.criteria = { kind: 'list', values: values.map(String), showDropdown: showDropdown ?? true };
    return self(this);
  }

  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): Builder {
    bill(this.world, 'DataValidationBuilder.requireCheckbox');
    if (checkedValue === undefined) this.draft.criteria = { kind: 'checkbox' };
    // With only a checked value, any other value counts as unchecked: modelled as ''.
    else this.draft.criteria = { kind: 'checkbox', customValues: [checkedValue, uncheckedValue ?? ''] };
    return self(this);
  }

  setAllowInvalid(allowInvalid: boolean): Builder {
    bill(this.world, 'DataValidationBuilder.setAllowInvalid');
    if (typeof allowInvalid !== 'boolean') throw signatureError('DataValidationBuilder.setAllowInvalid', [allowInvalid]);
    this.draft.allowInvalid = allowInvalid;
    return self(this);
  }

  setHelpText(helpText: string): Builder {
    bill(this.world, 'DataValidationBuilder.setHelpText');
    this.draft.helpText = String(helpText);
    return self(this);
  }

  build(): Validation {
    bill(this.world, 'DataValidationBuilder.build');
    const { criteria, allowInvalid, helpText } = this.draft;
    // Assumed wording: Apps Script refuses to build a rule without criteria.
    if (!criteria) throw appsScriptError('You must specify the criteria for the data validation rule.');
    const rule: ValidationRule =
      criteria.kind === 'list'
        ? { kind: 'list', values: Object.freeze([...criteria.values]), showDropdown: criteria.showDropdown, allowInvalid, helpText }
        : criteria.customValues
          ? { kind: 'checkbox', customValues: criteria.customValues, allowInvalid, helpText }
          : { kind: 'checkbox', allowInvalid, helpText };
    return createDataValidation(this.world, Object.freeze(rule));
  }

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    bill(this.world, 'DataValidationBuilder.getCriteriaType');
    return criteriaType(this.draft.criteria?.kind ?? 'list');
  }

  getCriteriaValues(): unknown[] {
    bill(this.world, 'DataValidationBuilder.getCriteriaValues');
    const criteria = this.draft.criteria;
    if (!criteria) return [];
    return criteria.kind === 'list' ? [[...criteria.values], criteria.showDropdown] : criteria.customValues ? [...criteria.customValues] : [];
  }

  getAllowInvalid(): boolean {
    bill(this.world, 'DataValidationBuilder.getAllowInvalid');
    return this.draft.allowInvalid;
  }

  getHelpText(): string {
    bill(this.world, 'DataValidationBuilder.getHelpText');
    return this.draft.helpText;
  }

  copy(): Builder {
    bill(this.world, 'DataValidationBuilder.copy');
    return createDataValidationBuilder(this.world, structuredDraft(this.draft));
  }

  toString(): string {
    return 'DataValidationBuilder';
  }
}

// Methods run with `this` bound to the proxy the script holds, so chaining returns that proxy.
function self(builder: EmuDataValidationBuilder): Builder {
  return builder as unknown as Builder;
}

function structuredDraft(draft: Draft): Draft {
  const criteria = draft.criteria;
  return { ...draft, criteria: criteria?.kind === 'list' ? { ...criteria, values: [...criteria.values] } : criteria ? { ...criteria } : null };
}

function criteriaType(kind: ValidationRule['kind']): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
  const value = kind === 'list' ? DataValidationCriteriaEnum.VALUE_IN_LIST : DataValidationCriteriaEnum.CHECKBOX;
  return value as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
}

export function createDataValidationBuilder(world: World, draft?: Draft): Builder {
  return expose<Builder>(new EmuDataValidationBuilder(world, draft), 'DataValidationBuilder');
}

class EmuDataValidation implements Pick<Validation, 'getCriteriaType' | 'getCriteriaValues' | 'getAllowInvalid' | 'getHelpText' | 'copy'> {
  constructor(
    readonly world: World,
    readonly rule: ValidationRule,
  ) {}

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    bill(this.world, 'DataValidation.getCriteriaType');
    return criteriaType(this.rule.kind);
  }

  getCriteriaValues(): unknown[] {
    bill(this.world, 'DataValidation.getCriteriaValues');
    const rule = this.rule;
    if (rule.kind === 'list') return [[...rule.values], rule.showDropdown];
    return rule.customValues ? [...rule.customValues] : [];
  }

  getAllowInvalid(): boolean {
    bill(this.world, 'DataValidation.getAllowInvalid');
    return this.rule.allowInvalid;
  }

  getHelpText(): string {
    bill(this.world, 'DataValidation.getHelpText');
    return this.rule.helpText;
  }

  copy(): Builder {
    bill(this.world, 'DataValidation.copy');
    const rule = this.rule;
    const criteria: Draft['criteria'] =
      rule.kind === 'list'
        ? { kind: 'list', values: [...rule.values], showDropdown: rule.showDropdown }
        : rule.customValues
          ? { kind: 'checkbox', customValues: rule.customValues }
          : { kind: 'checkbox' };
    return createDataValidationBuilder(this.world, { criteria, allowInvalid: rule.allowInvalid, helpText: rule.helpText });
  }

  toString(): string {
    return 'DataValidation';
  }
}

export function createDataValidation(world: World, rule: ValidationRule): Validation {
  return expose<Validation>(new EmuDataValidation(world, rule), 'DataValidation');
}

/** The rule behind a DataValidation the script passes back in, or undefined for a foreign object. */
export function ruleOf(validation: unknown): ValidationRule | undefined {
  return validation instanceof EmuDataValidation ? validation.rule : undefined;
}
