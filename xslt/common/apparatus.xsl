<?xml version="1.0" encoding="UTF-8"?>
<!--
  The common layer for critical editions (included by functions.xsl): the witnesses and their
  sigla, which reading each view shows, how apparatus entries are numbered and what they say,
  and how editorial interventions are described. The output stylesheets only lay them out.

  Conventions (README, "Critical editions"):
  - Witnesses are declared in sourceDesc/listWit; @wit points at them by xml:id ("#A"). A
    witness's siglum is its abbr type="siglum", else its @n, else its xml:id.
  - A lemma without @wit stands for the declared witnesses that no reading of its entry names.
  - Without lemmata (variantEncoding n="no-lemma"), the reading text follows the first witness.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:editio="urn:editio"
  exclude-result-prefixes="#all">

  <!-- The text a view shows: 'lem', the reading text with its apparatus, or the xml:id of a witness. -->
  <xsl:param name="editio:reading" as="xs:string" select="'lem'"/>

  <xsl:key name="editio:witnesses" match="tei:witness[@xml:id]" use="'all'"/>

  <!-- ============ witnesses ============ -->

  <!-- The declared witnesses, in the order of the listWit. -->
  <xsl:function name="editio:witnesses" as="element(tei:witness)*">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="key('editio:witnesses', 'all', root($node))"/>
  </xsl:function>

  <xsl:function name="editio:witness" as="element(tei:witness)?">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="key('editio:id', $id, root($context))[self::tei:witness][1]"/>
  </xsl:function>

  <!-- A witness's siglum: its abbr type="siglum", else its @n, else its xml:id. -->
  <xsl:function name="editio:siglum" as="xs:string">
    <xsl:param name="witness" as="element(tei:witness)"/>
    <xsl:sequence select="normalize-space(($witness/tei:abbr[@type = 'siglum'], $witness/@n, $witness/@xml:id)[1])"/>
  </xsl:function>

  <!-- The siglum for a witness id; an id that names no witness is printed as it stands. -->
  <xsl:function name="editio:siglum-of" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="(editio:witness($id, $context) ! editio:siglum(.), $id)[1]"/>
  </xsl:function>

  <!-- What a witness is: its description without the siglum. -->
  <xsl:function name="editio:witness-description" as="xs:string">
    <xsl:param name="witness" as="element(tei:witness)"/>
    <xsl:sequence select="normalize-space(string-join($witness/node()[not(self::tei:abbr[@type = 'siglum'])] ! string(.)))"/>
  </xsl:function>

  <!-- The page of one witness's text beside a unit's page: {unit}.wit-{id} (build writes it). -->
  <xsl:function name="editio:witness-page-name" as="xs:string">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="witness" as="element(tei:witness)"/>
    <xsl:sequence select="editio:page-name($scope) || '.wit-' || editio:file-name($witness/@xml:id)"/>
  </xsl:function>

  <!-- ============ readings ============ -->

  <xsl:function name="editio:no-lemma" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="root($node)/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:variantEncoding/@n = 'no-lemma'"/>
  </xsl:function>

  <!-- An entry's lemma and readings, those in groups included, in document order. -->
  <xsl:function name="editio:readings" as="element()*">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="$app/(tei:lem | tei:rdg | tei:rdgGrp/tei:lem | tei:rdgGrp/tei:rdg)"/>
  </xsl:function>

  <!-- The witness ids a reading's @wit names (the "#" of local pointers taken off). -->
  <xsl:function name="editio:named" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($reading/@wit), ' ') ! (if (starts-with(., '#')) then substring(., 2) else .)"/>
  </xsl:function>

  <!-- The witnesses a reading stands for: those it names; a lemma without @wit, the declared witnesses no other reading names. -->
  <xsl:function name="editio:reading-witnesses" as="xs:string*" cache="yes">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="
      if ($reading/@wit or empty($reading/self::tei:lem)) then editio:named($reading)
      else
        let $others := (editio:readings($reading/ancestor::tei:app[1]) except $reading) ! editio:named(.)
        return editio:witnesses($reading)/string(@xml:id)[not(. = $others)]"/>
  </xsl:function>

  <!-- The reading the reading text shows: the lemma; without lemmata, the first witness's reading. -->
  <xsl:function name="editio:base-reading" as="element()?" cache="yes">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:variable name="readings" select="editio:readings($app)"/>
    <xsl:variable name="first" select="string(editio:witnesses($app)[1]/@xml:id)"/>
    <xsl:sequence select="($readings[self::tei:lem], $readings[editio:named(.) = $first], $readings)[1]"/>
  </xsl:function>

  <!-- The reading this view shows at an entry: the base reading, or the witness's own (its lemma when no reading names it). -->
  <xsl:function name="editio:shown-reading" as="element()?" cache="yes">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="
      if ($editio:reading = 'lem') then editio:base-reading($app)
      else (editio:readings($app)[editio:reading-witnesses(.) = $editio:reading], editio:base-reading($app))[1]"/>
  </xsl:function>

  <!-- Whether a node belongs to the text of this view: it stands outside readings, or in readings shown. -->
  <xsl:function name="editio:is-shown" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="every $reading in $node/ancestor::*[self::tei:lem or self::tei:rdg] satisfies $reading is editio:shown-reading($reading/ancestor::tei:app[1])"/>
  </xsl:function>

  <!-- ============ apparatus entries ============ -->

  <!-- Entries are numbered through the document (an accumulator: never xsl:number level="any"); an entry inside a reading is not one of its own. -->
  <xsl:accumulator name="editio:apparatus" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:app[empty(ancestor::tei:app)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="editio:app-number" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="string($app/accumulator-before('editio:apparatus'))"/>
  </xsl:function>

  <!-- The entry's anchor: its xml:id, else app- and its number; the marker in the text is {anchor}-ref. -->
  <xsl:function name="editio:app-id" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="($app/@xml:id, 'app-' || editio:app-number($app))[1]"/>
  </xsl:function>

  <!-- The entries a page lists: those in its scope, not those of units inside it. -->
  <xsl:function name="editio:apparatus-of" as="element(tei:app)*">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:sequence select="(if ($split) then editio:own($scope)[self::tei:app] else $scope//tei:app)[empty(ancestor::tei:app)]"/>
  </xsl:function>

  <!-- A reading with no words: nothing but space and deleted text, and no gap. -->
  <xsl:function name="editio:is-void" as="xs:boolean">
    <xsl:param name="reading" as="element()?"/>
    <xsl:sequence select="empty($reading//tei:gap) and empty($reading//text()[normalize-space()][empty(ancestor::tei:del)])"/>
  </xsl:function>

  <!--
    An entry as parts, in order, for the outputs to lay out:
      the lemma:   map { 'part': 'lemma', 'reading': …, 'witnesses': ids printed after it, 'qualifiers': … }
                   (left out when the lemma is void: an addition has no lemma);
      a variant:   map { 'part': 'variant', 'reading': …, 'kind': 'om.' | 'add.' | 'transp.' | '', 'witnesses': ids, 'qualifiers': … };
      a note:      map { 'part': 'note', 'note': … }.
    A lemma's witnesses are printed when @wit names them, or when it is a reading of the first
    witness (no lemmata); qualifiers are the cause of a variant and who is responsible, how surely.
    Laid out: "lemma A] om. B; reading C (homeoteleuton) — note".
  -->
  <xsl:function name="editio:entry-parts" as="map(xs:string, item()*)*">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:variable name="base" select="editio:base-reading($app)"/>
    <xsl:if test="exists($base) and not(editio:is-void($base))">
      <xsl:sequence select="map {
        'part': 'lemma', 'reading': $base,
        'witnesses': if ($base/@wit) then editio:named($base) else (),
        'qualifiers': editio:responsibility($base) }"/>
    </xsl:if>
    <xsl:for-each select="editio:readings($app) except $base">
      <xsl:variable name="kind" select="
        if (@type = 'transposition' or @cause = 'transposition') then 'transp.'
        else if (editio:is-void(.)) then 'om.'
        else if (editio:is-void($base)) then 'add.'
        else ''"/>
      <xsl:sequence select="map {
        'part': 'variant', 'reading': ., 'kind': $kind,
        'witnesses': editio:reading-witnesses(.),
        'qualifiers': (@cause[. ne 'transposition'] ! string(.), editio:responsibility(.)) }"/>
    </xsl:for-each>
    <xsl:for-each select="$app/tei:note">
      <xsl:sequence select="map { 'part': 'note', 'note': . }"/>
    </xsl:for-each>
  </xsl:function>

  <!-- ============ editorial interventions ============ -->

  <!-- A correction FRUS prints as such: the original as it stands, then the correction in square brackets ("11 [8] p.m."). -->
  <xsl:function name="editio:is-correction" as="xs:boolean">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="exists($choice/tei:sic) and exists($choice/tei:corr)"/>
  </xsl:function>

  <!-- Who is responsible for an element and how sure: "by J. Writer; certainty: low", or (). -->
  <xsl:function name="editio:responsibility" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="who" select="tokenize(normalize-space($element/@resp), ' ') ! editio:responsible(., $element)"/>
    <xsl:variable name="parts" select="(if (exists($who)) then 'by ' || string-join($who, ', ') else (), $element/@cert ! ('certainty: ' || .))"/>
    <xsl:sequence select="if (exists($parts)) then string-join($parts, '; ') else ()"/>
  </xsl:function>

  <!-- The name behind a @resp pointer: an authority record's name, a respStmt's names, an element's text, else the pointer. -->
  <xsl:function name="editio:responsible" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="target" select="if (starts-with($pointer, '#')) then key('editio:id', substring($pointer, 2), root($context))[1] else ()"/>
    <xsl:sequence select="
      if (empty($target)) then $pointer
      else if ($target/(self::tei:person | self::tei:org | self::tei:place)) then editio:record-name($target)
      else if ($target/self::tei:respStmt) then normalize-space(string-join($target/(tei:name | tei:persName | tei:orgName), ', '))
      else normalize-space($target)"/>
  </xsl:function>

  <!-- How much: @extent, or @quantity (or @atLeast–@atMost) and @unit: "2 words", "about a line". -->
  <xsl:function name="editio:extent" as="xs:string?">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="amount" select="
      if ($element/@quantity) then string($element/@quantity)
      else if ($element/@atLeast and $element/@atMost) then $element/@atLeast || '–' || $element/@atMost
      else ()"/>
    <xsl:variable name="unit" select="normalize-space($element/@unit)"/>
    <xsl:variable name="plural" select="exists($amount) and $amount ne '1' and $unit ne '' and not(ends-with($unit, 's'))"/>
    <xsl:sequence select="
      if (normalize-space($element/@extent)) then normalize-space($element/@extent)
      else if (exists($amount)) then normalize-space($amount || ' ' || $unit || (if ($plural) then 's' else ''))
      else ()"/>
  </xsl:function>

  <!-- How a gap is printed: "[illegible: 2 words]" where the source cannot be read, "[…]" where text is left out. -->
  <xsl:function name="editio:gap-label" as="xs:string">
    <xsl:param name="gap" as="element(tei:gap)"/>
    <xsl:sequence select="if (tokenize(normalize-space($gap/@reason), ' ') = 'illegible') then '[illegible' || (editio:extent($gap) ! (': ' || .)) || ']' else '[…]'"/>
  </xsl:function>

  <!--
    What an intervention is, for a tooltip: its kind, then where, why, how much, by whom and how
    surely. "supplied; reason: omitted; by J. Writer; certainty: low".
  -->
  <xsl:function name="editio:intervention-note" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="what" select="map {
      'supplied': 'supplied by the editors', 'gap': 'text left out', 'unclear': 'unclear in the source',
      'add': 'added', 'del': 'deleted', 'subst': 'substitution', 'surplus': 'superfluous',
      'damage': 'damaged in the source' }(local-name($element))"/>
    <xsl:variable name="places" select="map { 'above': 'above the line', 'below': 'below the line', 'margin': 'in the margin',
      'inline': 'in the line', 'top': 'at the top', 'bottom': 'at the bottom', 'left': 'in the left margin', 'right': 'in the right margin' }"/>
    <xsl:variable name="gap-extent" select="if ($element/self::tei:gap and tokenize(normalize-space($element/@reason), ' ') = 'illegible') then () else editio:extent($element)"/>
    <xsl:sequence select="string-join((
      ($what, local-name($element))[1],
      tokenize(normalize-space($element/@place), ' ') ! ($places(.), .)[1],
      $element/@reason ! ('reason: ' || normalize-space(.)),
      $element/@agent ! ('cause: ' || .),
      $gap-extent ! ('extent: ' || .),
      tokenize(normalize-space($element/@hand), ' ') ! ('hand: ' || editio:responsible(., $element)),
      editio:responsibility($element)), '; ')"/>
  </xsl:function>
</xsl:stylesheet>
