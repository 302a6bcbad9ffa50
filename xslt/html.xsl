<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to HTML5: the body of each page of the reading edition. The page around it (head,
  navigation, footer) comes from the handlebars templates in templates/.

  Initial template "editio:pages": one xsl:result-document per page, href "{id}.html" (split
  mode: one per citable unit, plus one for the text outside units when there is any).
  Initial template "editio:whole": the whole text as one body (editio render).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:frus="http://history.state.gov/frus/ns/1.0"
  xmlns:editio="urn:editio"
  exclude-result-prefixes="#all">

  <xsl:import href="common/functions.xsl"/>
  <xsl:import href="common/anchors.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:mode use-accumulators="#all" on-no-match="shallow-skip"/>

  <xsl:template name="editio:pages">
    <xsl:for-each select="editio:scopes(.)">
      <xsl:result-document href="{editio:page-file(.)}">
        <xsl:call-template name="editio:page"><xsl:with-param name="scope" select="."/></xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="editio:whole">
    <xsl:call-template name="editio:page">
      <xsl:with-param name="scope" select="/tei:TEI/tei:text"/>
      <xsl:with-param name="split" select="false()" tunnel="yes"/>
    </xsl:call-template>
  </xsl:template>

  <!-- One page: the text, its footnotes, and the register of what it mentions. -->
  <xsl:template name="editio:page">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean" select="true()" tunnel="yes"/>
    <xsl:variable name="id" select="if ($scope/self::tei:text) then editio:document-id($scope) else string($scope/@xml:id)"/>
    <article class="tei unit unit-{($scope/@type, 'text')[1]}">
      <xsl:sequence select="editio:lang-attribute($scope)"/>
      <xsl:call-template name="editio:witness-views">
        <xsl:with-param name="scope" select="$scope"/>
        <xsl:with-param name="split" select="$split"/>
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
      <xsl:if test="$split">
        <xsl:variable name="first-page" select="editio:first-page($scope)"/>
        <xsl:if test="$first-page and not($first-page >> $scope)">
          <xsl:apply-templates select="$first-page"/>
        </xsl:if>
      </xsl:if>
      <xsl:apply-templates select="if ($scope/self::tei:text) then $scope/node() else $scope">
        <xsl:with-param name="scope" select="$scope" tunnel="yes"/>
        <xsl:with-param name="split" select="$split" tunnel="yes"/>
        <xsl:with-param name="depth" select="0" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:call-template name="editio:footnotes">
        <xsl:with-param name="notes" select="editio:footnotes-of($scope, $split)"/>
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="scope" select="$scope" tunnel="yes"/>
        <xsl:with-param name="split" select="$split" tunnel="yes"/>
        <xsl:with-param name="depth" select="1" tunnel="yes"/>
      </xsl:call-template>
      <xsl:call-template name="editio:apparatus">
        <xsl:with-param name="apps" select="if ($editio:reading = 'lem') then editio:apparatus-of($scope, $split) else ()"/>
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="scope" select="$scope" tunnel="yes"/>
        <xsl:with-param name="split" select="$split" tunnel="yes"/>
      </xsl:call-template>
      <xsl:call-template name="editio:register">
        <xsl:with-param name="records" select="editio:mentioned($scope, $split)"/>
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="split" select="$split"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- ============ structure ============ -->

  <xsl:template match="tei:front | tei:body | tei:back">
    <div class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:div">
    <xsl:param name="scope" as="element()" tunnel="yes"/>
    <xsl:param name="split" as="xs:boolean" tunnel="yes"/>
    <xsl:param name="depth" as="xs:integer" tunnel="yes"/>
    <xsl:choose>
      <!-- In split mode a unit inside the page is its own page: link to it. -->
      <xsl:when test="$split and editio:is-unit(.) and not(. is $scope)">
        <nav class="subunit" aria-label="{normalize-space(editio:title-of(.))}">
          <p><a href="{editio:page-file(.)}"><xsl:value-of select="editio:title-of(.)"/></a></p>
        </nav>
      </xsl:when>
      <xsl:otherwise>
        <section class="div div-{(@type, 'section')[1]}">
          <xsl:sequence select="editio:attributes(., ())"/>
          <xsl:apply-templates>
            <xsl:with-param name="depth" select="$depth + 1" tunnel="yes"/>
          </xsl:apply-templates>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A unit's title for links and navigation: its head without notes. -->
  <xsl:function name="editio:title-of" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="head" select="($div/tei:head[not(@type = 'sub')])[1]"/>
    <xsl:sequence select="(editio:head-text($head), $div/@xml:id)[normalize-space()][1]"/>
  </xsl:function>

  <xsl:template match="tei:head">
    <xsl:param name="depth" as="xs:integer" tunnel="yes" select="1"/>
    <xsl:element name="h{min((max(($depth, 1)), 6))}">
      <xsl:sequence select="editio:attributes(., ())"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:list/tei:head | tei:lg/tei:head | tei:figure/tei:head">
    <p class="head"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:table/tei:head"/>

  <!-- A TEI paragraph holding a block quotation, list or table cannot be an HTML p. -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="holds-blocks" select="editio:holds-blocks(.)"/>
    <xsl:element name="{if ($holds-blocks) then 'div' else 'p'}">
      <xsl:sequence select="editio:attributes(., if (self::tei:ab or $holds-blocks) then local-name() else ())"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>


  <!-- FRUS document furniture -->
  <xsl:template match="tei:note[not(editio:is-footnote(.))]">
    <xsl:element name="{if (editio:holds-blocks(.) or parent::tei:div or parent::tei:body) then 'div' else 'span'}">
      <xsl:sequence select="editio:attributes(., 'note-' || (@type, 'inline')[1])"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:opener | tei:closer | tei:postscript | tei:byline | tei:trailer | tei:epigraph | tei:argument | tei:titlePage | tei:docTitle | tei:docImprint">
    <div class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:dateline | tei:signed | tei:salute | tei:titlePart | tei:docAuthor | tei:docDate">
    <xsl:element name="{if (editio:holds-blocks(.)) then 'div' else 'p'}">
      <xsl:sequence select="editio:attributes(., local-name())"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <!-- Inside a dateline or signature line they run in the text. -->
  <xsl:template match="(tei:dateline | tei:signed | tei:salute | tei:docDate)[ancestor::tei:p or parent::tei:signed or parent::tei:dateline]" priority="1">
    <span class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="frus:attachment">
    <section class="attachment"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></section>
  </xsl:template>

  <xsl:template match="tei:quote[@rend = 'block' or editio:holds-blocks(.)] | tei:q[editio:holds-blocks(.)] | tei:cit">
    <blockquote><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></blockquote>
  </xsl:template>
  <xsl:template match="tei:quote | tei:q | tei:said">
    <span class="quote"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:element name="{if (@type = 'ordered') then 'ol' else 'ul'}">
      <xsl:sequence select="editio:attributes(., 'list' || (@type ! (' list-' || .)))"/>
      <xsl:apply-templates select="tei:item"/>
    </xsl:element>
    <xsl:apply-templates select="tei:head"/>
  </xsl:template>
  <xsl:template match="tei:item">
    <li>
      <xsl:sequence select="editio:attributes(., ())"/>
      <!-- A FRUS list gives each item's label as the element before it. -->
      <xsl:for-each select="preceding-sibling::*[1][self::tei:label][normalize-space()]">
        <span class="label"><xsl:apply-templates/></span>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:apply-templates/>
    </li>
  </xsl:template>
  <xsl:template match="tei:label">
    <span class="label"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Around the table, a box that scrolls sideways on narrow screens, focusable so that keyboards can scroll it. -->
  <xsl:template match="tei:table">
    <div class="table" tabindex="0">
      <table>
        <xsl:sequence select="editio:attributes(., ())"/>
        <xsl:for-each select="tei:head[1]"><caption><xsl:apply-templates/></caption></xsl:for-each>
        <tbody><xsl:apply-templates select="tei:row"/></tbody>
      </table>
    </div>
  </xsl:template>
  <xsl:template match="tei:row">
    <tr><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates select="tei:cell"/></tr>
  </xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{if (@role = 'label' or parent::tei:row/@role = 'label') then 'th' else 'td'}">
      <xsl:sequence select="editio:attributes(., ())"/>
      <xsl:if test="parent::tei:row/@role = 'label'"><xsl:attribute name="scope" select="'col'"/></xsl:if>
      <xsl:if test="@role = 'label' and not(parent::tei:row/@role = 'label')"><xsl:attribute name="scope" select="'row'"/></xsl:if>
      <xsl:if test="@cols castable as xs:positiveInteger and xs:integer(@cols) gt 1"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows castable as xs:positiveInteger and xs:integer(@rows) gt 1"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div class="lg"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l">
    <div class="l"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:figure">
    <figure><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></figure>
  </xsl:template>
  <xsl:template match="tei:graphic">
    <xsl:variable name="src" select="editio:safe-url(@url)"/>
    <xsl:if test="$src">
      <img src="{$src}" alt="{normalize-space((../tei:figDesc, ../tei:head, 'figure')[1])}"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="tei:figDesc"/>

  <!-- ============ page breaks and footnotes ============ -->

  <xsl:template match="tei:pb">
    <xsl:variable name="id" select="editio:page-id(.)"/>
    <span class="pb" id="{$id}"><a href="#{$id}"><xsl:value-of select="editio:page-label(.)"/></a></span>
  </xsl:template>
  <!-- A line break inside a word (break="no") joins the word again. -->
  <xsl:template match="tei:lb"><xsl:if test="not(@break = 'no')"><br/></xsl:if></xsl:template>
  <xsl:template match="tei:milestone"/>

  <xsl:template match="tei:note[editio:is-footnote(.)]">
    <xsl:variable name="id" select="editio:note-id(.)"/>
    <sup class="noteref"><a href="#{$id}" id="{$id}-ref" role="doc-noteref"><xsl:value-of select="editio:note-label(.)"/></a></sup>
  </xsl:template>

  <xsl:template name="editio:footnotes">
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" aria-labelledby="{$id}-notes">
        <h2 id="{$id}-notes">Notes</h2>
        <xsl:for-each select="$notes">
          <xsl:variable name="note-id" select="editio:note-id(.)"/>
          <aside class="footnote" id="{$note-id}" role="doc-footnote">
            <xsl:sequence select="editio:lang-attribute(.)"/>
            <xsl:element name="{if (editio:holds-blocks(.)) then 'div' else 'p'}">
              <a class="backlink" href="#{$note-id}-ref" role="doc-backlink" aria-label="Back to note {editio:note-label(.)} in the text"><xsl:value-of select="editio:note-label(.)"/>.</a>
              <xsl:text> </xsl:text>
              <xsl:apply-templates mode="note-body" select="node()"/>
            </xsl:element>
          </aside>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Inside a footnote, render as in the text (a nested footnote becomes inline text). -->
  <xsl:template match="node()" mode="note-body">
    <xsl:apply-templates select="."/>
  </xsl:template>
  <xsl:template match="tei:note" mode="note-body">
    <span class="note-inline">[<xsl:apply-templates/>]</span>
  </xsl:template>

  <!-- ============ names, dates, references ============ -->

  <!-- A name leads to its record: in the site's register (split pages), else in the page's own register. -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:rs | tei:name">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="split" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="record" select="editio:records(.)[1]"/>
    <xsl:variable name="kind" select="if ($record) then editio:record-kind($record) else (@type[. = ('person', 'place', 'org')], local-name()[. ne 'name'])[1]"/>
    <xsl:choose>
      <xsl:when test="$record and not($in-link) and editio:is-name(.)">
        <a class="{normalize-space('name ' || $kind)}" href="{if ($split) then editio:register-href($record) else '#' || $record/@xml:id}" title="{editio:record-name($record)}">
          <xsl:sequence select="editio:attributes(., ())"/>
          <xsl:sequence select="editio:anchor-attribute(., $split)"/>
          <xsl:apply-templates><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{normalize-space('name ' || $kind)}">
          <xsl:sequence select="editio:attributes(., ())"/>
          <xsl:sequence select="editio:anchor-attribute(., $split)"/>
          <xsl:if test="$record"><xsl:attribute name="title" select="editio:record-name($record)"/></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:roleName | tei:forename | tei:surname | tei:addName | tei:genName | tei:nameLink | tei:gloss | tei:term | tei:seg | tei:num | tei:measure | tei:foreign | tei:soCalled | tei:mentioned | tei:idno | tei:biblScope">
    <span class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:date | tei:time">
    <xsl:param name="split" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="datetime" select="editio:datetime(.)"/>
    <xsl:variable name="range" select="editio:date-range(.)"/>
    <xsl:element name="{if ($datetime) then 'time' else 'span'}">
      <xsl:sequence select="editio:attributes(., 'date')"/>
      <xsl:sequence select="editio:anchor-attribute(., $split)"/>
      <xsl:if test="$datetime"><xsl:attribute name="datetime" select="$datetime"/></xsl:if>
      <xsl:if test="$range"><xsl:attribute name="title" select="$range"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:bibl[@type = 'archival']">
    <cite class="archival">
      <xsl:sequence select="editio:attributes(., ())"/>
      <xsl:attribute name="title" select="'Department of State Central Decimal File ' || string-join(tei:idno[@type = 'decimal-file'] ! normalize-space((@n, .)[1]), ', ')"/>
      <xsl:apply-templates/>
    </cite>
  </xsl:template>
  <xsl:template match="tei:idno[@type = 'decimal-file']">
    <xsl:param name="split" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="decimal-file" data-file="{normalize-space((@n, .)[1])}"><xsl:sequence select="editio:anchor-attribute(., $split)"/><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:bibl | tei:title">
    <cite class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></cite>
  </xsl:template>
  <xsl:template match="tei:cit/tei:bibl" priority="1">
    <footer><cite class="bibl"><xsl:apply-templates/></cite></footer>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="scope" as="element()" tunnel="yes"/>
    <xsl:param name="split" as="xs:boolean" tunnel="yes"/>
    <xsl:variable name="link" select="(tokenize(normalize-space(@target), ' ') ! editio:resolve-pointer(., current()))[1]"/>
    <xsl:variable name="href" select="if (exists($link?local)) then editio:href-local($link?local, $scope, $split) else if (exists($link?elsewhere)) then editio:href-elsewhere($link, .) else $link?url"/>
    <xsl:choose>
      <xsl:when test="$href and not($in-link)">
        <a class="{local-name()}" href="{$href}">
          <xsl:sequence select="editio:attributes(., ())"/>
          <xsl:apply-templates><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
          <!-- A pointer, or a reference with no words of its own, shows where it leads. -->
          <xsl:if test="not(normalize-space())"><xsl:value-of select="$href"/></xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A local target on this page is #id; on another page of a split edition, that page's file. -->
  <xsl:function name="editio:href-local" as="xs:string">
    <xsl:param name="target" as="element()"/>
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:variable name="page" select="(editio:unit-of($target), root($target)/tei:TEI/tei:text)[1]"/>
    <xsl:variable name="elsewhere" select="$split and not($page is $scope) and not($target/self::tei:pb and $target is editio:first-page($scope))"/>
    <xsl:sequence select="(if ($elsewhere) then editio:page-file($page) else '') || '#' || editio:anchor-of($target)"/>
  </xsl:function>

  <!-- A target in another part of a document transformed in parts: the page of the unit that shows it. -->
  <xsl:function name="editio:href-elsewhere" as="xs:string">
    <xsl:param name="link" as="map(*)"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="(if ($link?elsewhere = '') then editio:page-name(root($context)/tei:TEI/tei:text) else editio:file-name($link?elsewhere)) || '.html#' || $link?id"/>
  </xsl:function>

  <xsl:function name="editio:page-file" as="xs:string">
    <xsl:param name="page" as="element()"/>
    <xsl:sequence select="editio:page-name($page) || '.html'"/>
  </xsl:function>

  <xsl:function name="editio:anchor-of" as="xs:string">
    <xsl:param name="target" as="element()"/>
    <xsl:sequence select="if ($target/self::tei:pb) then editio:page-id($target) else if ($target/self::tei:note) then editio:note-id($target) else string($target/@xml:id)"/>
  </xsl:function>

  <!-- ============ highlighting and editorial interventions ============ -->

  <!-- Highlighting of no stated kind (frequent in TEI Simple): emphasis, without the work below. -->
  <xsl:template match="tei:hi[not(@rend or @rendition or @xml:id or @xml:lang)]" priority="1">
    <em class="hi"><xsl:apply-templates/></em>
  </xsl:template>

  <!-- The HTML element of a kind of highlighting; where @rend names several, the first kind listed here wins. -->
  <xsl:variable name="editio:highlighting" as="xs:string*" select="'i', 'b', 'sup', 'sub', 'u', 's'"/>
  <xsl:variable name="editio:highlighting-kinds" as="map(xs:string, xs:integer)" select="map {
    'italic': 1, 'italics': 1, 'i': 1, 'it': 1, 'bold': 2, 'b': 2, 'strong': 2, 'superscript': 3, 'sup': 3, 'super': 3,
    'subscript': 4, 'sub': 4, 'underline': 5, 'u': 5, 'strikethrough': 6, 'strike': 6, 'overstrike': 6 }"/>

  <xsl:template match="tei:hi | tei:emph">
    <xsl:variable name="rend" select="tokenize(lower-case(normalize-space(@rend)), ' ')"/>
    <!-- A map lookup per word of @rend (six comparisons with lists cost 35 µs a highlight). -->
    <xsl:variable name="element" select="if (self::tei:emph) then 'em' else ($editio:highlighting[min($rend ! $editio:highlighting-kinds(.))], 'span')[1]"/>
    <xsl:element name="{$element}">
      <xsl:sequence select="editio:attributes(., ())"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A correction as FRUS prints it: the original, then the correction in square brackets ("11 [8] p.m."). -->
  <xsl:template match="tei:choice[editio:is-correction(.)]" priority="1">
    <span class="choice correction" title="{'as in the source: ' || normalize-space(tei:sic[1]) || '; corrected: ' || normalize-space(tei:corr[1]) || (editio:responsibility(tei:corr[1]) ! (' (' || . || ')'))}">
      <xsl:sequence select="editio:attributes(., ())"/>
      <xsl:apply-templates select="tei:sic"/>
      <xsl:text> </xsl:text>
      <span class="corr">[<xsl:apply-templates select="tei:corr/node()"/>]</span>
    </span>
  </xsl:template>
  <xsl:template match="tei:choice">
    <span class="choice" title="{string-join(editio:alternatives(.) ! editio:describe-alternative(.), '; ')}">
      <xsl:sequence select="editio:attributes(., ())"/>
      <xsl:apply-templates select="editio:reading(.)"/>
    </span>
  </xsl:template>
  <xsl:template match="tei:sic | tei:corr | tei:orig | tei:reg | tei:expan | tei:abbr">
    <span class="{local-name()}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:supplied">
    <span class="supplied" title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/>[<xsl:apply-templates/>]</span>
  </xsl:template>
  <xsl:template match="tei:gap">
    <span class="gap" title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/><xsl:value-of select="editio:gap-label(.)"/></span>
  </xsl:template>
  <xsl:template match="tei:unclear">
    <span class="unclear" title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/><span class="query">[?]</span></span>
  </xsl:template>
  <xsl:template match="tei:add">
    <ins title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></ins>
  </xsl:template>
  <xsl:template match="tei:del">
    <del title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></del>
  </xsl:template>
  <xsl:template match="tei:subst | tei:damage">
    <span class="{local-name()}" title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/><xsl:apply-templates/></span>
  </xsl:template>
  <!-- Text the editors judge superfluous stands in braces. -->
  <xsl:template match="tei:surplus">
    <span class="surplus" title="{editio:intervention-note(.)}"><xsl:sequence select="editio:attributes(., ())"/>{<xsl:apply-templates/>}</span>
  </xsl:template>

  <!-- ============ the critical apparatus ============ -->

  <!--
    An entry in the reading text: its lemma, then a numbered marker linked to the entry in the
    apparatus. The other readings are there too, hidden, for the switch (assets/witnesses.js)
    to show one witness's text in place; data-wit lists the witnesses each reading stands for.
    A witness's page shows that witness's reading alone.
  -->
  <xsl:template match="tei:app">
    <xsl:variable name="shown" select="editio:shown-reading(.)"/>
    <xsl:choose>
      <xsl:when test="$editio:reading ne 'lem' or exists(ancestor::tei:app)">
        <xsl:apply-templates select="$shown/node()"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="id" select="editio:app-id(.)"/>
        <xsl:variable name="n" select="editio:app-number(.)"/>
        <span class="app">
          <xsl:for-each select="editio:readings(.)">
            <xsl:variable name="is-shown" select=". is $shown"/>
            <span class="{if ($is-shown) then 'lem' else 'rdg'}" data-wit="{editio:reading-witnesses(.)}">
              <xsl:if test="not($is-shown)"><xsl:attribute name="hidden" select="'hidden'"/></xsl:if>
              <xsl:choose>
                <xsl:when test="$is-shown"><xsl:apply-templates/></xsl:when>
                <xsl:otherwise><xsl:call-template name="editio:copy"><xsl:with-param name="reading" select="."/></xsl:call-template></xsl:otherwise>
              </xsl:choose>
            </span>
          </xsl:for-each>
          <sup class="appref"><a href="#{$id}" id="{$id}-ref" aria-label="Apparatus entry {$n}"><xsl:value-of select="$n"/></a></sup>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The apparatus criticus: the sigla and their witnesses, then one numbered entry per app,
    linked both ways with its marker: "lemma] reading B; om. C".
  -->
  <xsl:template name="editio:apparatus">
    <xsl:param name="apps" as="element(tei:app)*"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="scope" as="element()" tunnel="yes"/>
    <xsl:if test="exists($apps)">
      <section class="apparatus" aria-labelledby="{$id}-apparatus">
        <h2 id="{$id}-apparatus">Apparatus criticus</h2>
        <xsl:variable name="witnesses" select="editio:witnesses($scope)"/>
        <xsl:if test="exists($witnesses)">
          <dl class="sigla">
            <xsl:for-each select="$witnesses">
              <dt><xsl:call-template name="editio:siglum"><xsl:with-param name="id" select="string(@xml:id)"/></xsl:call-template></dt>
              <dd><xsl:value-of select="editio:witness-description(.)"/></dd>
            </xsl:for-each>
          </dl>
        </xsl:if>
        <ol class="entries">
          <xsl:for-each select="$apps">
            <xsl:variable name="app-id" select="editio:app-id(.)"/>
            <xsl:variable name="n" select="editio:app-number(.)"/>
            <li id="{$app-id}" value="{$n}">
              <a class="backlink" href="#{$app-id}-ref" aria-label="Back to apparatus entry {$n} in the text"><xsl:value-of select="$n"/></a>
              <xsl:text> </xsl:text>
              <xsl:call-template name="editio:entry"/>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="editio:entry">
    <xsl:variable name="parts" select="editio:entry-parts(.)"/>
    <xsl:for-each select="$parts">
      <xsl:variable name="i" select="position()"/>
      <xsl:choose>
        <xsl:when test="?part = 'lemma'">
          <span class="lemma"><xsl:call-template name="editio:copy"><xsl:with-param name="reading" select="?reading"/></xsl:call-template></span>
          <xsl:call-template name="editio:witnesses-and-qualifiers"/>
          <xsl:text>]</xsl:text>
        </xsl:when>
        <xsl:when test="?part = 'variant'">
          <xsl:value-of select="if ($parts[$i - 1]?part = 'variant') then '; ' else if ($i gt 1) then ' ' else ''"/>
          <span class="variant">
            <xsl:if test="?kind"><i class="kind"><xsl:value-of select="?kind"/></i></xsl:if>
            <xsl:if test="?kind ne 'om.'">
              <xsl:value-of select="if (?kind) then ' ' else ''"/>
              <span class="reading"><xsl:call-template name="editio:copy"><xsl:with-param name="reading" select="?reading"/></xsl:call-template></span>
            </xsl:if>
            <xsl:call-template name="editio:witnesses-and-qualifiers"/>
          </span>
        </xsl:when>
        <xsl:otherwise>
          <xsl:text> — </xsl:text>
          <span class="app-note"><xsl:apply-templates select="?note/node()" mode="note-body"/></span>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!--
    A reading rendered a second time (quoted in the apparatus, or kept hidden for the switch)
    repeats no anchors: its ids are dropped, and with them the targets of page and note links.
  -->
  <xsl:template name="editio:copy">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="rendered" as="node()*"><xsl:apply-templates select="$reading/node()"/></xsl:variable>
    <xsl:apply-templates select="$rendered" mode="editio:copy"/>
  </xsl:template>
  <xsl:mode name="editio:copy" on-no-match="shallow-copy"/>
  <xsl:template match="@id" mode="editio:copy"/>

  <!-- After a reading: its sigla, then its qualifiers in parentheses. The context item is an entry part. -->
  <xsl:template name="editio:witnesses-and-qualifiers">
    <xsl:variable name="reading" select="?reading"/>
    <xsl:for-each select="?witnesses">
      <xsl:text> </xsl:text>
      <xsl:call-template name="editio:siglum"><xsl:with-param name="id" select="."/><xsl:with-param name="context" select="$reading"/></xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="?qualifiers">
      <xsl:text> </xsl:text>
      <span class="qualifier">(<xsl:value-of select="."/>)</span>
    </xsl:for-each>
  </xsl:template>

  <!-- A siglum, with its witness's description on hover; in a split edition, a link to that witness's text. -->
  <xsl:template name="editio:siglum">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="context" as="node()" select="."/>
    <xsl:param name="scope" as="element()" tunnel="yes"/>
    <xsl:param name="split" as="xs:boolean" tunnel="yes"/>
    <xsl:variable name="witness" select="editio:witness($id, $context)"/>
    <xsl:choose>
      <xsl:when test="$witness and $split">
        <a class="siglum" href="{editio:witness-page-name($scope, $witness)}.html" title="{editio:witness-description($witness)}"><xsl:value-of select="editio:siglum($witness)"/></a>
      </xsl:when>
      <xsl:when test="$witness">
        <abbr class="siglum" title="{editio:witness-description($witness)}"><xsl:value-of select="editio:siglum($witness)"/></abbr>
      </xsl:when>
      <xsl:otherwise><span class="siglum"><xsl:value-of select="$id"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The views of a text with witnesses. Links to each witness's page (build writes them; they
    need no script); on a witness's page, what the witness is; and on the reading text, a switch
    that shows a witness's readings in place. The switch is hidden until assets/witnesses.js
    runs, so a page without JavaScript offers only what works there.
  -->
  <xsl:template name="editio:witness-views">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="witnesses" select="editio:witnesses($scope)"/>
    <xsl:variable name="current" select="$witnesses[@xml:id = $editio:reading]"/>
    <xsl:if test="exists($witnesses)">
      <xsl:for-each select="$current">
        <p class="witness-view">The text of witness <strong class="siglum"><xsl:value-of select="editio:siglum(.)"/></strong>: <xsl:value-of select="editio:witness-description(.)"/></p>
      </xsl:for-each>
      <xsl:if test="$split">
        <nav class="witnesses" aria-label="Texts of the witnesses">
          <ul>
            <li>
              <a href="{editio:page-file($scope)}">
                <xsl:if test="empty($current)"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                <xsl:text>The edited text</xsl:text>
              </a>
            </li>
            <xsl:for-each select="$witnesses">
              <li>
                <a href="{editio:witness-page-name($scope, .)}.html" title="{editio:witness-description(.)}">
                  <xsl:if test=". is $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                  <xsl:value-of select="'Witness ' || editio:siglum(.)"/>
                </a>
              </li>
            </xsl:for-each>
          </ul>
        </nav>
      </xsl:if>
      <xsl:if test="$editio:reading = 'lem' and exists(editio:apparatus-of($scope, $split))">
        <fieldset class="reading-switch" hidden="hidden">
          <legend>Show in the text the readings of</legend>
          <label><input type="radio" name="{$id}-reading" value="lem" checked="checked"/> the edited text</label>
          <xsl:for-each select="$witnesses">
            <xsl:text> </xsl:text>
            <label><input type="radio" name="{$id}-reading" value="{@xml:id}"/><xsl:value-of select="' witness ' || editio:siglum(.)"/></label>
          </xsl:for-each>
          <output class="reading-status" aria-live="polite"></output>
        </fieldset>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- ============ everything else ============ -->

  <!-- Not part of the reading text. -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:fw | tei:figDesc | tei:desc | tei:interpGrp | tei:interp | tei:link | tei:linkGrp | tei:anchor | tei:index | tei:join"/>

  <!-- An element editio does not know keeps its text, and the build says so once per name. -->
  <xsl:template match="*">
    <xsl:message select="'unsupported-element ' || name()"/>
    <xsl:element name="{if (editio:is-block(.)) then 'div' else 'span'}">
      <xsl:sequence select="editio:attributes(., 'tei-' || local-name())"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="text()">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- The HTML attributes every element carries over: id, lang, and its kind as a class.
       A function, not a named template: saxon-js spends about 10 µs on each call-template, and this runs for every element. -->
  <xsl:function name="editio:attributes" as="attribute()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="class" as="xs:string?"/>
    <xsl:choose>
      <!-- Most elements have none of the attributes carried over: then only the class (half the cost of this function). -->
      <xsl:when test="empty($element/(@xml:id | @xml:lang | @rend | @rendition))">
        <xsl:if test="normalize-space($class)"><xsl:attribute name="class" select="normalize-space($class)"/></xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$element/@xml:id and not($element/self::tei:note or $element/self::tei:pb)"><xsl:attribute name="id" select="$element/@xml:id"/></xsl:if>
        <xsl:sequence select="editio:lang-attribute($element)"/>
        <xsl:variable name="rend" select="if ($element/@rend or $element/@rendition) then (tokenize(lower-case(normalize-space($element/@rend)), ' '), tokenize(normalize-space($element/@rendition), ' ') ! substring-after(., '#'))[matches(., '^[a-z][a-z0-9-]*$')] else ()"/>
        <xsl:variable name="classes" select="string-join(($class, $rend ! ('rend-' || .)), ' ')"/>
        <xsl:if test="normalize-space($classes)"><xsl:attribute name="class" select="normalize-space($classes)"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!--
    The anchor the site's registers, chronology and archival files link to (common/anchors.xsl);
    an xml:id is already the id. Anchors are counted per unit, so the whole text on one page
    (editio render) qualifies them with their unit's id to keep them unique.
  -->
  <xsl:function name="editio:anchor-attribute" as="attribute()?">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:if test="not($element/@xml:id) and editio:is-anchored($element)">
      <xsl:attribute name="id" select="(if ($split) then () else editio:unit-of($element)/@xml:id ! (. || '-')) || editio:anchor($element)"/>
    </xsl:if>
  </xsl:function>

  <xsl:function name="editio:lang-attribute" as="attribute()?">
    <xsl:param name="element" as="element()"/>
    <xsl:if test="$element/@xml:lang[normalize-space()]"><xsl:attribute name="lang" select="editio:language($element/@xml:lang)"/></xsl:if>
  </xsl:function>

  <!-- ============ the register: what the page mentions ============ -->

  <xsl:template name="editio:register">
    <xsl:param name="records" as="element()*"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:if test="exists($records)">
      <section class="register" aria-labelledby="{$id}-register">
        <h2 id="{$id}-register">Persons, places and organisations</h2>
        <xsl:for-each-group select="$records" group-by="editio:record-kind(.)">
          <xsl:sort select="index-of(('person', 'place', 'organisation'), current-grouping-key())"/>
          <h3><xsl:value-of select="map { 'person': 'Persons', 'place': 'Places', 'organisation': 'Organisations' }(current-grouping-key())"/></h3>
          <ul class="register-{current-grouping-key()}">
            <xsl:for-each select="current-group()">
              <xsl:sort select="(tei:persName[1]/tei:surname[1], editio:record-name(.))[1]" lang="en"/>
              <!-- A record the text itself shows (a FRUS persons list) has its id there already. -->
              <li>
                <xsl:if test="not(editio:in-text(.))"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
                <!-- On the site, the record's entry in the edition's register, with every mention. -->
                <xsl:choose>
                  <xsl:when test="$split"><a class="record-name" href="{editio:register-href(.)}"><xsl:value-of select="editio:record-name(.)"/></a></xsl:when>
                  <xsl:otherwise><span class="record-name"><xsl:value-of select="editio:record-name(.)"/></span></xsl:otherwise>
                </xsl:choose>
                <xsl:for-each select="tei:birth[@when] | tei:death[@when]">
                  <xsl:if test="position() = 1"><xsl:text> (</xsl:text></xsl:if>
                  <xsl:value-of select="if (self::tei:birth and not(../tei:death)) then 'born ' || @when else @when"/>
                  <xsl:if test="position() != last()">–</xsl:if>
                  <xsl:if test="position() = last()">)</xsl:if>
                </xsl:for-each>
                <xsl:for-each select="tei:occupation">
                  <xsl:text>; </xsl:text>
                  <span class="role"><xsl:value-of select="normalize-space(.)"/></span>
                  <xsl:variable name="range" select="editio:date-range(.)"/>
                  <xsl:if test="@when or $range"><xsl:text> (</xsl:text><xsl:value-of select="(@when, $range)[1]"/>)</xsl:if>
                </xsl:for-each>
                <xsl:for-each select="editio:record-links(.)">
                  <xsl:text> </xsl:text>
                  <a class="identifier" href="{.}"><xsl:value-of select="."/></a>
                </xsl:for-each>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:for-each-group>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
